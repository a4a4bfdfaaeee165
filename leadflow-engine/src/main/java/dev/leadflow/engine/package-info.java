@NullMarked
package dev.leadflow.engine;

import org.jspecify.annotations.NullMarked;
