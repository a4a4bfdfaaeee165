@NullMarked
package dev.leadflow.input;

import org.jspecify.annotations.NullMarked;
