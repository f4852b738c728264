package dev.flotilla.cli;

/**
 * What the command's exit status says, for scripts (docs/operations.md, "Exit codes"). A rollout's
 * own ending decides {@link #OK} or {@link #FAILED}; the others say the command could not tell.
 */
public final class ExitCodes {

    /** Done; a followed rollout completed. */
    public static final int OK = 0;
    /** The coordinator refused, or a followed rollout ended otherwise (halted, cancelled, rolled back). */
    public static final int FAILED = 1;
    /** The command line was wrong: an unknown option, a missing or malformed argument. */
    public static final int USAGE = 2;
    /** The coordinator did not answer. */
    public static final int UNREACHABLE = 3;
    /** The wait ended before the rollout did: its timeout passed, or it holds for an approval. */
    public static final int NOT_YET = 4;

    private ExitCodes() {}
}
