package dev.flotilla.cli.local;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exactly how a background process of the local stack was started, kept in {@code state.json} so
 * that {@code local restart} starts it again the same way: the full command line (with
 * {@code setsid} and the temporary directory already in it), the whole environment it got (no
 * variable of the shell that runs the CLI reaches it otherwise), and the working directory.
 *
 * @param command the program and its arguments, never empty
 * @param env every environment variable the process gets, never null
 * @param workDir the working directory, absolute
 * @param readiness what tells that it is up; never null
 */
public record Launch(List<String> command, Map<String, String> env, String workDir, Readiness readiness) {

    public Launch {
        if (command == null || command.isEmpty()) {
            throw new IllegalArgumentException("a launch needs a command");
        }
        command = List.copyOf(command);
        env = env == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(env));
        if (readiness == null) {
            throw new IllegalArgumentException("a launch needs a readiness check");
        }
    }
}
