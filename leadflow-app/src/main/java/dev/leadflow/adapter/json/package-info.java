@NullMarked
package dev.leadflow.adapter.json;

import org.jspecify.annotations.NullMarked;
