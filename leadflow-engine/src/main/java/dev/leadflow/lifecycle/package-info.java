@NullMarked
package dev.leadflow.lifecycle;

import org.jspecify.annotations.NullMarked;
