package dev.flotilla.cli.local;

import dev.flotilla.cli.CliException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * The local stack's state while {@code local up} builds it, saved after every change so that a
 * CLI that dies half-way still leaves {@code local down} a complete list of what to stop. Once
 * {@link #close() closed} (by a failure or Ctrl-C), a process that finishes starting is stopped at
 * once instead of being recorded, so nothing outlives the teardown.
 */
final class StackSession {

    private static final Duration LATE_STOP_GRACE = Duration.ofSeconds(10);

    private final StateStore store;
    private LocalState state;
    private boolean closed;

    StackSession(StateStore store, LocalState initial) {
        this.store = store;
        this.state = initial;
        store.write(initial);
    }

    synchronized LocalState state() {
        return state;
    }

    synchronized void update(UnaryOperator<LocalState> change) {
        state = change.apply(state);
        store.write(state);
    }

    /** Starts {@code launch} as {@code name}, its output in a new {@code log}, and records it. */
    ManagedProcess start(String name, Launch launch, Path log) {
        return register(Processes.start(name, launch, log, false));
    }

    /** Records a started process; stops it and fails if the session was closed meanwhile. */
    synchronized ManagedProcess register(ManagedProcess process) {
        if (closed) {
            process.stop(LATE_STOP_GRACE);
            throw new CliException("stopped: the local stack is being torn down");
        }
        update(s -> s.withProcess(process));
        return process;
    }

    /** No more processes after this; returns the state to tear down. */
    synchronized LocalState close() {
        closed = true;
        return state;
    }
}
