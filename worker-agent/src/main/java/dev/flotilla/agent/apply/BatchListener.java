package dev.flotilla.agent.apply;

import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.Direction;

/**
 * Told each time a batch of a batched step commits, with the keys it covered: what the agent's
 * metrics count as rows done. Owned by {@code apply} (and implemented in {@code metrics}) so that
 * the steps do not depend on the adapter that reports them.
 */
public interface BatchListener {

    /** Called on the step's thread right after the batch's commit; must not block. */
    void committed(Version version, Direction direction, long rows);
}
