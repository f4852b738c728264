package dev.flotilla.agent.apply;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a tenant has on the tables a step builds indexes on ({@link ConcurrentIndexes}): the facts
 * {@link RepairExecutor} reads for {@link RepairDecision}. Pure.
 *
 * @param onTable by table, as the step's scripts name it: the table's indexes; a table the tenant does
 *     not have is absent
 */
record TenantIndexes(Map<ConcurrentIndexes.Table, List<Index>> onTable) {

    static final TenantIndexes NONE = new TenantIndexes(Map.of());

    /**
     * An index the tenant has.
     *
     * @param name its name, as PostgreSQL stores it
     * @param reference its schema-qualified name in quoted form, to drop it by
     */
    record Index(String name, String reference, boolean valid) {}

    /** The index a named build makes, when its table has it. */
    Optional<Index> named(ConcurrentIndexes.Built built) {
        return on(built.table()).stream()
                .filter(i -> i.name().equals(built.name()))
                .findFirst();
    }

    /**
     * The table's invalid indexes. For an unnamed build PostgreSQL picks the name, so a repair takes these
     * as what the build left behind.
     */
    List<Index> invalidOn(ConcurrentIndexes.Table table) {
        return on(table).stream().filter(i -> !i.valid()).toList();
    }

    private List<Index> on(ConcurrentIndexes.Table table) {
        return onTable.getOrDefault(table, List.of());
    }

    static String names(List<Index> indexes) {
        return String.join(", ", indexes.stream().map(Index::name).toList());
    }

    /** The invalid indexes a repair drops, each once, and what its message says of them. */
    static final class Dropped {

        private final Set<Index> indexes = new LinkedHashSet<>();
        private final Set<ConcurrentIndexes.Table> unnamedOn = new LinkedHashSet<>();

        /** A named build's index when it is invalid; for an unnamed build, every invalid index on its table. */
        void add(ConcurrentIndexes.Built built, TenantIndexes found) {
            if (built.named()) {
                found.named(built).filter(i -> !i.valid()).ifPresent(indexes::add);
            } else if (!found.invalidOn(built.table()).isEmpty()) {
                indexes.addAll(found.invalidOn(built.table()));
                unnamedOn.add(built.table());
            }
        }

        List<Index> indexes() {
            return List.copyOf(indexes);
        }

        /** Empty when none is dropped, else {@code "dropped invalid index …; "}. */
        String describe() {
            if (indexes.isEmpty()) {
                return "";
            }
            String unnamed = unnamedOn.isEmpty()
                    ? ""
                    : " (the invalid indexes on "
                            + String.join(
                                    ", ",
                                    unnamedOn.stream().map(Object::toString).toList())
                            + ", taken as what the step's unnamed concurrent build left)";
            return "dropped invalid index " + names(indexes()) + unnamed + "; ";
        }
    }
}
