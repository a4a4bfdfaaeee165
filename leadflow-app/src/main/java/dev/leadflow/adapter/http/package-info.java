@NullMarked
package dev.leadflow.adapter.http;

import org.jspecify.annotations.NullMarked;
