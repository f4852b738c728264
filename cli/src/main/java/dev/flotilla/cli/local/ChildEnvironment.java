package dev.flotilla.cli.local;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The environment the local stack's processes get: the few variables a JVM, the broker and the
 * embedded PostgreSQL need from the user's session, and nothing else. Everything Flotilla needs is
 * passed as system properties; a stray {@code QUARKUS_*}, {@code KAFKA_*} or
 * {@code JAVA_TOOL_OPTIONS} in the shell would otherwise change a process, and differently on a
 * {@code local restart} from another shell than on the {@code local up} it repeats.
 */
final class ChildEnvironment {

    /** Passed on when set: the search path, the user, and the locale and time zone of logs. */
    static final List<String> PASSED = List.of("PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "LC_CTYPE", "TZ");

    private ChildEnvironment() {}

    /** The variables of {@code environment} the stack passes on, sorted by name. */
    static Map<String, String> select(Map<String, String> environment) {
        Map<String, String> selected = new TreeMap<>();
        for (String name : PASSED) {
            String value = environment.get(name);
            if (value != null) {
                selected.put(name, value);
            }
        }
        return selected;
    }

    /** What this CLI's own environment passes on. */
    static Map<String, String> ofThisProcess() {
        return select(System.getenv());
    }
}
