package dev.flotilla.cli;

/**
 * A failure the operator can act on: its message is printed as it is, without a stack trace, and
 * the command exits with status 1. Anything else escaping a command is a bug and keeps its trace.
 */
public class CliException extends RuntimeException {

    public CliException(String message) {
        super(message);
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
