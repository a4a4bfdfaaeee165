@NullMarked
package dev.leadflow.adapter.webhook;

import org.jspecify.annotations.NullMarked;
