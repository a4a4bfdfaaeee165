/**
 * The ports the application owns: what it needs from storage ({@link dev.leadflow.app.port.RecordLog},
 * {@link dev.leadflow.app.port.HandoffJournal}) and the rows it hands over
 * ({@link dev.leadflow.app.port.UnitOfWork}). Adapters implement them; see docs/ARCHITECTURE.md.
 */
@NullMarked
package dev.leadflow.app.port;

import org.jspecify.annotations.NullMarked;
