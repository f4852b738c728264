package dev.flotilla.model.catalog;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a migration file name: {@code {version}_{snake_name}.up.sql} or {@code …down.sql}.
 */
public record MigrationFileName(Version version, String name, Kind kind) {

    /** Which direction a file holds. */
    public enum Kind {
        UP,
        DOWN
    }

    static final String EXPECTED = "{version}_{snake_name}.up.sql or {version}_{snake_name}.down.sql"
            + " (version: digits; name: lower-case letters, digits and single underscores)";

    private static final Pattern PATTERN = Pattern.compile("^([0-9]+)_([a-z0-9]+(?:_[a-z0-9]+)*)\\.(up|down)\\.sql$");

    /** Parses a file name; empty when it does not follow the pattern. */
    public static Optional<MigrationFileName> parse(String fileName) {
        Matcher m = PATTERN.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        Kind kind = m.group(3).equals("up") ? Kind.UP : Kind.DOWN;
        return Optional.of(new MigrationFileName(Version.of(m.group(1)), m.group(2), kind));
    }
}
