package dev.flotilla.model.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigInteger;
import java.util.Objects;

/**
 * A migration version: the digits in front of a migration file name, such as {@code 0001} or
 * {@code 20250430105500}. Versions order numerically, so {@code 0002} sorts before {@code 10}; the
 * text is kept as written because it is what operators type and what history tables store, and it is
 * what JSON holds (a plain string, on the wire and in the API), so typed records keep the JSON of the
 * strings they replaced.
 */
public record Version(@JsonValue String text) implements Comparable<Version> {

    public Version {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("a version is digits only, got '" + text + "'");
        }
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Version of(String text) {
        return new Version(text);
    }

    /** The numeric value; two texts with the same value ({@code 01}, {@code 1}) are the same version. */
    public BigInteger number() {
        return new BigInteger(text);
    }

    @Override
    public int compareTo(Version other) {
        return number().compareTo(other.number());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Version other && number().equals(other.number());
    }

    @Override
    public int hashCode() {
        return number().hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
