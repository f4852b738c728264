package dev.flotilla.coordinator.store;

import dev.flotilla.model.catalog.Version;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * Versions in and out of text columns: the database keeps versions as they are spelled (no schema
 * change for typed rows), the rows above the SQL hold {@link Version}s.
 */
final class VersionTexts {

    private VersionTexts() {}

    /** For a {@code text[]} parameter, in order. */
    static String[] texts(Collection<Version> versions) {
        return versions.stream().map(Version::text).toArray(String[]::new);
    }

    /** From a {@code text[]} column, in order. */
    static List<Version> versions(String[] texts) {
        return Stream.of(texts).map(Version::of).toList();
    }
}
