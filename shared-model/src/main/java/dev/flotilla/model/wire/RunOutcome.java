package dev.flotilla.model.wire;

/** How a run ended on the agent that sent it. */
public enum RunOutcome {
    SUCCEEDED,
    FAILED,
    CANCELLED,
    /**
     * Not run here: another session held the tenant's lock for longer than the agent waits (another
     * agent given the same command after a rebalance or a re-send, or a repair). Not an outcome of the
     * run itself: the coordinator keeps it in flight, for the lock holder to report on it or, when
     * nobody does, for a re-send.
     */
    BUSY
}
