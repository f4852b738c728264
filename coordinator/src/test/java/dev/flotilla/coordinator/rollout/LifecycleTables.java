package dev.flotilla.coordinator.rollout;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Reads a lifecycle table written as lines of {@code "FROM -> TO TO …"} (an empty right side: none). */
final class LifecycleTables {

    private LifecycleTables() {}

    static <E extends Enum<E>, T extends Enum<T>> Map<E, Set<T>> table(Class<E> from, Class<T> to, String... lines) {
        Map<E, Set<T>> table = new HashMap<>();
        for (String line : lines) {
            String[] sides = line.split("->", -1);
            Set<T> targets = EnumSet.noneOf(to);
            Arrays.stream(sides[1].trim().split("\\s+"))
                    .filter(name -> !name.isEmpty())
                    .forEach(name -> targets.add(Enum.valueOf(to, name)));
            table.put(Enum.valueOf(from, sides[0].trim()), targets);
        }
        for (E state : from.getEnumConstants()) {
            if (!table.containsKey(state)) {
                throw new IllegalArgumentException("the table has no row for " + state);
            }
        }
        return table;
    }
}
