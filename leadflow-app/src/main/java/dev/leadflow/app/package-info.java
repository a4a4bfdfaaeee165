/**
 * The use cases, one class per thing a user does, over one shared state (see docs/ARCHITECTURE.md):
 * {@link dev.leadflow.app.Leadflow} holds them; {@link dev.leadflow.app.port} holds the ports they
 * need.
 */
@NullMarked
package dev.leadflow.app;

import org.jspecify.annotations.NullMarked;
