package dev.flotilla.agent.apply;

import dev.flotilla.model.catalog.SqlText;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The indexes a script builds with {@code CREATE [UNIQUE] INDEX CONCURRENTLY [IF NOT EXISTS] [name] ON
 * [ONLY] [schema.]table}: what an interrupted non-transactional step leaves behind, invalid, and what a
 * repair checks. PostgreSQL puts an index in its table's schema (the index's name cannot be
 * qualified), so an index is known by its table, as the script names it, and its name. Pure.
 */
final class ConcurrentIndexes {

    /**
     * A table as a script names it, its identifiers as PostgreSQL reads them.
     *
     * @param schema null when the script does not qualify it: the search path finds it
     */
    record Table(String schema, String name) {

        /** The reference in quoted form ({@code "items"}, {@code "app"."items"}), to resolve with {@code to_regclass}. */
        String quoted() {
            return schema == null ? quote(name) : quote(schema) + "." + quote(name);
        }

        @Override
        public String toString() {
            return schema == null ? name : schema + "." + name;
        }
    }

    /**
     * One index a script builds concurrently.
     *
     * @param name the index's name; null when the script leaves it to PostgreSQL, which then picks one
     *     (a repair cannot look that index up by name)
     */
    record Built(Table table, String name, boolean ifNotExists) {

        boolean named() {
            return name != null;
        }
    }

    private ConcurrentIndexes() {}

    static List<Built> builtBy(String sql) {
        List<Built> built = new ArrayList<>();
        if (sql == null) {
            return built;
        }
        for (String statement : SqlText.split(sql)) {
            parse(new SqlTokens(statement)).ifPresent(built::add);
        }
        return built;
    }

    /** An identifier in quoted form, safe in a statement whatever it holds. */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** The index the statement builds concurrently; empty for any other statement. */
    private static Optional<Built> parse(SqlTokens tokens) {
        if (!buildsConcurrently(tokens)) {
            return Optional.empty();
        }
        boolean ifNotExists = false;
        String name = null;
        if (!is(tokens.peek(), "on")) {
            SqlTokens.Token named = tokens.next();
            if (is(named, "if") && is(tokens.peek(), "not")) {
                tokens.next();
                ifNotExists = is(tokens.next(), "exists");
                named = ifNotExists ? tokens.next() : null;
            }
            if (named == null || !named.isIdentifier()) {
                return Optional.empty();
            }
            name = named.text();
        }
        if (!is(tokens.next(), "on")) {
            return Optional.empty();
        }
        if (is(tokens.peek(), "only")) {
            tokens.next();
        }
        Optional<Table> table = table(tokens);
        return table.isEmpty() ? Optional.empty() : Optional.of(new Built(table.get(), name, ifNotExists));
    }

    /** Takes {@code CREATE [UNIQUE] INDEX CONCURRENTLY}; false when the statement starts otherwise. */
    private static boolean buildsConcurrently(SqlTokens tokens) {
        if (!is(tokens.next(), "create")) {
            return false;
        }
        SqlTokens.Token token = tokens.next();
        if (is(token, "unique")) {
            token = tokens.next();
        }
        return is(token, "index") && is(tokens.next(), "concurrently");
    }

    /** {@code [[database.]schema.]table}; the database can only be the current one, and is left out. */
    private static Optional<Table> table(SqlTokens tokens) {
        List<String> parts = new ArrayList<>();
        while (true) {
            SqlTokens.Token part = tokens.next();
            if (part == null || !part.isIdentifier()) {
                return Optional.empty();
            }
            parts.add(part.text());
            if (tokens.peek() == null || !tokens.peek().isSymbol('.')) {
                break;
            }
            tokens.next();
        }
        return switch (parts.size()) {
            case 1 -> Optional.of(new Table(null, parts.get(0)));
            case 2 -> Optional.of(new Table(parts.get(0), parts.get(1)));
            case 3 -> Optional.of(new Table(parts.get(1), parts.get(2)));
            default -> Optional.empty();
        };
    }

    private static boolean is(SqlTokens.Token token, String keyword) {
        return token != null && token.is(keyword);
    }
}
