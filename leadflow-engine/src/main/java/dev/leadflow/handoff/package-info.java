@NullMarked
package dev.leadflow.handoff;

import org.jspecify.annotations.NullMarked;
