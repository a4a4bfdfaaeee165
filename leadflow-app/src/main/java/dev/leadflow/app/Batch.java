package dev.leadflow.app;

import dev.leadflow.app.port.UnitOfWork;
import dev.leadflow.input.LifecycleCommand;
import java.util.ArrayList;
import java.util.List;

/**
 * What one write is gathering: the unit of work to commit (records and the hand-off rows they
 * caused) and the SLA recycles the desk asked for, still to be stored and applied in it.
 */
final class Batch {

    final UnitOfWork unit;
    final List<LifecycleCommand> commands = new ArrayList<>();

    Batch(UnitOfWork unit) {
        this.unit = unit;
    }
}
