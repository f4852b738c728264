package dev.flotilla.coordinator.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;

/**
 * Lifecycle tables written as lines of {@code "FROM -> TO TO …"} (an empty right side: none), and the
 * checks that a lifecycle moves and takes actions exactly as its table says.
 */
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

    /** Asserts that {@code moveTo} allows exactly the table's transitions and refuses every other pair. */
    static <E extends Enum<E>> void assertMoves(Class<E> states, Map<E, Set<E>> table, BiFunction<E, E, E> moveTo) {
        for (E from : states.getEnumConstants()) {
            for (E to : states.getEnumConstants()) {
                if (table.get(from).contains(to)) {
                    assertThat(moveTo.apply(from, to)).as("%s -> %s", from, to).isEqualTo(to);
                } else {
                    assertThatThrownBy(() -> moveTo.apply(from, to))
                            .as("%s -> %s", from, to)
                            .isInstanceOf(IllegalTransitionException.class)
                            .hasMessageContaining(from + " to " + to);
                }
            }
        }
    }

    /** Asserts that {@code allows} takes exactly the table's actions in every state. */
    static <E extends Enum<E>> void assertActions(
            Class<E> states, Map<E, Set<RolloutAction>> table, BiPredicate<E, RolloutAction> allows) {
        for (E state : states.getEnumConstants()) {
            for (RolloutAction action : RolloutAction.values()) {
                assertThat(allows.test(state, action))
                        .as("%s allows %s", state, action)
                        .isEqualTo(table.get(state).contains(action));
            }
        }
    }
}
