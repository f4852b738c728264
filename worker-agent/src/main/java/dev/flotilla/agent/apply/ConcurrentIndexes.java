package dev.flotilla.agent.apply;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The indexes a script builds with {@code CREATE [UNIQUE] INDEX CONCURRENTLY}: what an interrupted
 * non-transactional step leaves behind, invalid, and what a repair checks. Pure.
 */
final class ConcurrentIndexes {

    private static final Pattern CREATE = Pattern.compile(
            "create\\s+(?:unique\\s+)?index\\s+concurrently\\s+(if\\s+not\\s+exists\\s+)?"
                    + "(?:\"?[a-z_][a-z0-9_$]*\"?\\.)?\"?([a-z_][a-z0-9_$]*)\"?",
            Pattern.CASE_INSENSITIVE);

    /** One index a script builds concurrently. */
    record Built(String name, boolean ifNotExists) {}

    private ConcurrentIndexes() {}

    static List<Built> builtBy(String sql) {
        List<Built> built = new ArrayList<>();
        if (sql == null) {
            return built;
        }
        for (String statement : SqlSplitter.split(sql)) {
            Matcher matcher = CREATE.matcher(withoutLeadingComments(statement));
            if (matcher.lookingAt()) {
                built.add(new Built(matcher.group(2).toLowerCase(Locale.ROOT), matcher.group(1) != null));
            }
        }
        return built;
    }

    private static String withoutLeadingComments(String statement) {
        String rest = statement.strip();
        while (rest.startsWith("--")) {
            int end = rest.indexOf('\n');
            rest = end < 0 ? "" : rest.substring(end + 1).strip();
        }
        return rest;
    }
}
