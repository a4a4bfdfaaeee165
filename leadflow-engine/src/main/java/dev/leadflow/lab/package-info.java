@NullMarked
package dev.leadflow.lab;

import org.jspecify.annotations.NullMarked;
