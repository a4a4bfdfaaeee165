@NullMarked
package dev.leadflow.adapter.csv;

import org.jspecify.annotations.NullMarked;
