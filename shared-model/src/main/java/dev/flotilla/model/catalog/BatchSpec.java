package dev.flotilla.model.catalog;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code -- flotilla:batch table=T key=K size=N [pause=D]} asks for: run the step's one statement
 * once per batch of {@code size} keys of {@code table}, in key order, binding {@code :lo} (exclusive)
 * and {@code :hi} (inclusive) to each batch's bounds, and committing a cursor with each batch so an
 * interrupted step resumes after its last committed batch.
 *
 * @param schema the table's schema, empty for the tenant's own (its search path)
 * @param table the table whose keys are walked, an allow-listed identifier
 * @param key the key column: one column with a unique index, integer or text
 * @param size keys per batch, at least 1
 * @param pause how long to wait between batches, {@link Duration#ZERO} when not given
 */
public record BatchSpec(Optional<String> schema, String table, String key, int size, Duration pause) {

    /** The largest batch accepted, so one batch stays one reasonably short transaction. */
    public static final int MAX_SIZE = 1_000_000;

    public BatchSpec {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(pause, "pause");
    }

    /** The placeholders the statement must use. */
    public static final List<String> PLACEHOLDERS = List.of("lo", "hi");

    /** The table as a quoted, optionally schema-qualified SQL name. */
    public String quotedTable() {
        return schema.map(s -> quote(s) + ".").orElse("") + quote(table);
    }

    public String quotedKey() {
        return quote(key);
    }

    /** For messages: {@code table.key}, qualified when a schema was given. */
    public String describe() {
        return schema.map(s -> s + ".").orElse("") + table + "." + key;
    }

    private static String quote(String identifier) {
        return '"' + identifier + '"';
    }

    /**
     * The batch directive of a shipped script (an agent reads the plan's text, whose content id covers
     * it); empty when the script is not batched.
     *
     * @throws CatalogException when the script's directives are malformed
     */
    public static Optional<BatchSpec> of(String sql) {
        return Script.read("plan step", sql).directives().batch();
    }
}
