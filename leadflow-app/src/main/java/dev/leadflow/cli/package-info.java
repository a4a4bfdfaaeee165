@NullMarked
package dev.leadflow.cli;

import org.jspecify.annotations.NullMarked;
