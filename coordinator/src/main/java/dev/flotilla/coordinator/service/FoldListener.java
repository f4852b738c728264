package dev.flotilla.coordinator.service;

import dev.flotilla.model.wire.Event;
import java.util.List;

/**
 * Told what the event folder folded, once the fold's transaction committed: the events counted by
 * the metrics. Owned by {@code service} (and implemented in {@code metrics}) so that the services do
 * not depend on the adapter that reports them.
 */
public interface FoldListener {

    /** The events one transaction folded, duplicates left out; called on the folding thread, must not block. */
    void folded(List<Event> events);
}
