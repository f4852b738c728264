package dev.flotilla.agent.apply;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a script into statements at top-level semicolons, leaving semicolons inside quotes, quoted
 * identifiers, dollar-quoted bodies and comments alone. Needed for non-transactional steps: PostgreSQL
 * runs a multi-statement query string as one implicit transaction, where {@code CREATE INDEX
 * CONCURRENTLY} is refused.
 */
public final class SqlSplitter {

    private final String sql;
    private final List<String> statements = new ArrayList<>();
    private final StringBuilder current = new StringBuilder();
    private int i;

    private SqlSplitter(String sql) {
        this.sql = sql;
    }

    /** The statements of {@code sql} without their terminating semicolons; blank ones are dropped. */
    public static List<String> split(String sql) {
        SqlSplitter splitter = new SqlSplitter(sql);
        splitter.run();
        return splitter.statements;
    }

    private void run() {
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == ';') {
                flush();
                i++;
            } else if (c == '\'' || c == '"') {
                copyQuoted(c);
            } else if (startsWith("--")) {
                copyUntil("\n");
            } else if (startsWith("/*")) {
                copyUntil("*/");
            } else if (c == '$' && dollarTag() != null) {
                String tag = dollarTag();
                copy(tag.length());
                copyUntil(tag);
            } else {
                copy(1);
            }
        }
        flush();
    }

    private boolean startsWith(String token) {
        return sql.startsWith(token, i);
    }

    /** The dollar-quote tag starting at i ({@code $$} or {@code $name$}), or null. */
    private String dollarTag() {
        int end = i + 1;
        while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
            end++;
        }
        if (end < sql.length() && sql.charAt(end) == '$' && (end == i + 1 || !Character.isDigit(sql.charAt(i + 1)))) {
            return sql.substring(i, end + 1);
        }
        return null;
    }

    private void copyQuoted(char quote) {
        copy(1);
        while (i < sql.length()) {
            char c = sql.charAt(i);
            copy(1);
            if (c == quote) {
                if (i < sql.length() && sql.charAt(i) == quote) {
                    copy(1);
                } else {
                    return;
                }
            }
        }
    }

    private void copyUntil(String terminator) {
        int end = sql.indexOf(terminator, i + 1);
        copy(end < 0 ? sql.length() - i : end + terminator.length() - i);
    }

    private void copy(int count) {
        int end = Math.min(sql.length(), i + count);
        current.append(sql, i, end);
        i = end;
    }

    private void flush() {
        String statement = current.toString().strip();
        current.setLength(0);
        if (!isOnlyComments(statement)) {
            statements.add(statement);
        }
    }

    private static boolean isOnlyComments(String statement) {
        return statement.lines().map(String::strip).allMatch(line -> line.isEmpty() || line.startsWith("--"));
    }
}
