package dev.flotilla.agent.apply;

/**
 * Where a cancel of a run may interrupt the statements of the step it executes: from {@link #open}
 * to {@link #shut}. Outside it (reading and writing the history, rolling back) a cancel only marks
 * the run, which stops before its next step, so a cancel never leaves a false dirty row.
 */
interface CancelWindow {

    /** A window no cancel comes through: repairs, and steps of runs that are not watched. */
    CancelWindow UNWATCHED = new CancelWindow() {
        @Override
        public boolean open() {
            return true;
        }

        @Override
        public void shut() {}
    };

    /**
     * Lets a cancel interrupt what the session runs from now on.
     *
     * @return false, leaving the window shut, when the run is cancelled already: run nothing then
     */
    boolean open();

    /** Ends it; returns once no cancel is on its way, so none reaches a statement sent after. May repeat. */
    void shut();
}
