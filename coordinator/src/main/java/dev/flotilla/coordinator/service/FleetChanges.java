package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.store.ChangeMarks;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Whether what the dashboard shows has changed since it last looked: marks compared, never the data
 * ({@link ChangeMarks}). The web adapter reads them here, not from {@code store}.
 */
@ApplicationScoped
public class FleetChanges {

    /**
     * @param fleet moves with the matrix, rollouts, waves, actions and dead letters
     * @param agents moves with every heartbeat
     */
    public record Marks(String fleet, String agents) {}

    private final ChangeMarks marks;

    public FleetChanges(ChangeMarks marks) {
        this.marks = marks;
    }

    public Marks now() {
        ChangeMarks.Marks read = marks.read();
        return new Marks(read.fleet(), read.agents());
    }
}
