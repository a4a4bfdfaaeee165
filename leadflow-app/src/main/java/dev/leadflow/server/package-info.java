@NullMarked
package dev.leadflow.server;

import org.jspecify.annotations.NullMarked;
