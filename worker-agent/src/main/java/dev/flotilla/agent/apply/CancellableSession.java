package dev.flotilla.agent.apply;

import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A run's tenant session as {@link RunCancels} sees it: its backend's pid and whether a cancel may
 * interrupt what it runs now ({@link CancelWindow}). The window and a cancel being sent exclude each
 * other, so {@link #shut} returns only once no cancel is in flight. Closing it forgets the session.
 */
final class CancellableSession implements CancelWindow, AutoCloseable {

    final UUID runId;
    final String database;
    final int backendPid;
    private final BooleanSupplier cancelled;
    private final Consumer<CancellableSession> onClose;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean open;

    CancellableSession(
            UUID runId,
            String database,
            int backendPid,
            BooleanSupplier cancelled,
            Consumer<CancellableSession> onClose) {
        this.runId = runId;
        this.database = database;
        this.backendPid = backendPid;
        this.cancelled = cancelled;
        this.onClose = onClose;
    }

    @Override
    public boolean open() {
        lock.lock();
        try {
            open = !cancelled.getAsBoolean();
            return open;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void shut() {
        lock.lock();
        try {
            open = false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code cancel} while the window is open, holding it open meanwhile.
     *
     * @return false when the window was shut, and nothing was sent
     */
    boolean whileOpen(Cancel cancel) throws InterruptedException {
        lock.lock();
        try {
            if (!open) {
                return false;
            }
            cancel.run();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Sends one cancel, returning once it can no longer reach the server. */
    @FunctionalInterface
    interface Cancel {
        void run() throws InterruptedException;
    }

    @Override
    public void close() {
        shut();
        onClose.accept(this);
    }
}
