@NullMarked
package dev.leadflow.scoring;

import org.jspecify.annotations.NullMarked;
