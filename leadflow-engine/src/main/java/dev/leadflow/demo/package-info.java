@NullMarked
package dev.leadflow.demo;

import org.jspecify.annotations.NullMarked;
