@NullMarked
package dev.leadflow.adapter.jdbc;

import org.jspecify.annotations.NullMarked;
