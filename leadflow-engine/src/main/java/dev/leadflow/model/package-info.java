@NullMarked
package dev.leadflow.model;

import org.jspecify.annotations.NullMarked;
