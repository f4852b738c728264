package dev.flotilla.testkit;

import java.util.regex.Pattern;

/** Allow-listed, quoted SQL identifiers for the names tests make up. */
public final class Identifiers {

    private static final Pattern SAFE = Pattern.compile("^[a-z0-9_][a-z0-9_-]{0,62}$");

    private Identifiers() {}

    public static String quote(String identifier) {
        if (!SAFE.matcher(identifier).matches()) {
            throw new IllegalArgumentException("unsafe identifier '" + identifier + "'");
        }
        return '"' + identifier + '"';
    }
}
