package dev.flotilla.coordinator.matrix;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The matrix aggregated by group (a label's value, or the site): per group and migration, how many of
 * its tenants are in each state. This is what a fleet too large to show tenant by tenant is looked at
 * through.
 */
public final class MatrixGroups {

    private MatrixGroups() {}

    /** How many cells of a group's tenants, of one migration, are in a state. */
    public record Count(String group, String version, CellState state, long cells) {}

    /**
     * One group: its tenants, and per migration (in catalog order) its tenants by state, zeros left
     * out; a tenant without a cell of a migration counts as pending.
     */
    public record Group(String name, int tenants, List<Map<CellState, Long>> states) {

        /** The state the group's cell of migration {@code index} is shown in: its worst one present. */
        public CellState shownState(int index) {
            Map<CellState, Long> counts = states.get(index);
            for (CellState state : WORST_FIRST) {
                if (counts.getOrDefault(state, 0L) > 0) {
                    return state;
                }
            }
            return CellState.PENDING;
        }

        /** How many of its tenants applied migration {@code index}. */
        public long applied(int index) {
            return states.get(index).getOrDefault(CellState.APPLIED, 0L);
        }
    }

    /**
     * What a group's cell is shown as, most urgent first: anything failed or out of step outweighs
     * work in progress, which outweighs work not started; applied only when all its tenants are.
     */
    private static final List<CellState> WORST_FIRST = List.of(
            CellState.FAILED,
            CellState.REVERT_FAILED,
            CellState.DIRTY,
            CellState.CHECKSUM_MISMATCH,
            CellState.RUNNING,
            CellState.PENDING,
            CellState.APPLIED);

    /**
     * The groups of {@code tenantsPerGroup} (in its order), with the cell counts of their tenants.
     *
     * @param versions the catalog's versions, in order
     * @param counts cells by group, version and state; pending cells may be left out
     */
    public static List<Group> of(
            SortedMap<String, Integer> tenantsPerGroup, List<String> versions, List<Count> counts) {
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < versions.size(); i++) {
            position.put(versions.get(i), i);
        }
        Map<String, List<Map<CellState, Long>>> byGroup = new HashMap<>();
        tenantsPerGroup.keySet().forEach(group -> byGroup.put(group, emptyStates(versions.size())));
        for (Count count : counts) {
            Integer index = position.get(count.version());
            List<Map<CellState, Long>> states = byGroup.get(count.group());
            if (index != null && states != null && count.state() != CellState.PENDING) {
                states.get(index).merge(count.state(), count.cells(), Long::sum);
            }
        }
        List<Group> groups = new ArrayList<>();
        tenantsPerGroup.forEach((name, tenants) -> {
            List<Map<CellState, Long>> states = byGroup.get(name);
            for (Map<CellState, Long> state : states) {
                long other = state.values().stream().mapToLong(Long::longValue).sum();
                if (tenants - other > 0) {
                    state.put(CellState.PENDING, tenants - other);
                }
            }
            groups.add(new Group(name, tenants, states));
        });
        return groups;
    }

    private static List<Map<CellState, Long>> emptyStates(int versions) {
        List<Map<CellState, Long>> states = new ArrayList<>();
        for (int i = 0; i < versions; i++) {
            states.add(new EnumMap<>(CellState.class));
        }
        return states;
    }
}
