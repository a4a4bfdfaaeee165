@NullMarked
package dev.leadflow.report;

import org.jspecify.annotations.NullMarked;
