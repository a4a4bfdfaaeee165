@NullMarked
package dev.leadflow.adapter.web;

import org.jspecify.annotations.NullMarked;
