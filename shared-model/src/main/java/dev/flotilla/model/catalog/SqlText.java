package dev.flotilla.model.catalog;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads SQL text as PostgreSQL's lexer sees its structure: quotes, quoted identifiers, dollar-quoted
 * bodies and comments are kept whole, so a semicolon or a {@code :name} inside them means nothing.
 * Splits a script into statements (PostgreSQL runs a multi-statement query string as one implicit
 * transaction, where {@code CREATE INDEX CONCURRENTLY} is refused), and finds and binds the
 * {@code :lo}/{@code :hi} placeholders of a batched step. A {@code ::type} cast is never a
 * placeholder. Pure.
 */
public final class SqlText {

    private final String sql;
    /** Placeholder name to its replacement text; null when only splitting. */
    private final Map<String, String> bindings;

    private final List<String> statements = new ArrayList<>();
    private final Set<String> placeholders = new LinkedHashSet<>();
    private final StringBuilder current = new StringBuilder();
    private int i;

    private SqlText(String sql, Map<String, String> bindings) {
        this.sql = sql;
        this.bindings = bindings;
    }

    /** The statements of {@code sql} without their terminating semicolons; blank ones are dropped. */
    public static List<String> split(String sql) {
        SqlText text = new SqlText(sql, null);
        text.run();
        return text.statements;
    }

    /** The names of the {@code :name} placeholders in {@code sql}, in the order they first appear. */
    public static Set<String> placeholders(String sql) {
        SqlText text = new SqlText(sql, Map.of());
        text.run();
        return text.placeholders;
    }

    /**
     * {@code statement} with each {@code :name} of {@code bindings} replaced by its text; other
     * placeholders are left as they are. The statement keeps no terminating semicolon.
     */
    public static String bind(String statement, Map<String, String> bindings) {
        SqlText text = new SqlText(statement, bindings);
        text.run();
        return String.join(";\n", text.statements);
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
            } else if (c == ':' && startsWith("::")) {
                copy(2);
            } else if (c == ':' && bindings != null && placeholderEnd() > i + 1) {
                placeholder(placeholderEnd());
            } else {
                copy(1);
            }
        }
        flush();
    }

    /** The end of the identifier after the colon at i; i + 1 when none follows. */
    private int placeholderEnd() {
        int end = i + 1;
        if (end < sql.length() && isIdentifierStart(sql.charAt(end))) {
            while (end < sql.length() && isIdentifierPart(sql.charAt(end))) {
                end++;
            }
        }
        return end;
    }

    private void placeholder(int end) {
        String name = sql.substring(i + 1, end);
        placeholders.add(name);
        String replacement = bindings.get(name);
        if (replacement == null) {
            copy(end - i);
        } else {
            current.append(replacement);
            i = end;
        }
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
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
