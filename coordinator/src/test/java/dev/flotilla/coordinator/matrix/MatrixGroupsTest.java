package dev.flotilla.coordinator.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MatrixGroupsTest {

    private static final List<String> VERSIONS = List.of("0001", "0002");

    @Test
    void shouldCountTenantsWithoutACellAsPending() {
        TreeMap<String, Integer> sizes = new TreeMap<>();
        sizes.put("beta", 4);
        sizes.put("canary", 2);

        List<MatrixGroups.Group> groups = MatrixGroups.of(
                sizes,
                VERSIONS,
                List.of(
                        new MatrixGroups.Count("beta", "0001", CellState.APPLIED, 3),
                        new MatrixGroups.Count("canary", "0001", CellState.APPLIED, 2),
                        new MatrixGroups.Count("canary", "0002", CellState.RUNNING, 1)));

        assertThat(groups).extracting(MatrixGroups.Group::name).containsExactly("beta", "canary");
        MatrixGroups.Group beta = groups.get(0);
        assertThat(beta.states().get(0)).containsOnly(entry(CellState.APPLIED, 3L), entry(CellState.PENDING, 1L));
        assertThat(beta.states().get(1)).containsOnly(entry(CellState.PENDING, 4L));
        assertThat(beta.applied(0)).isEqualTo(3);
        MatrixGroups.Group canary = groups.get(1);
        assertThat(canary.shownState(0)).isEqualTo(CellState.APPLIED);
        assertThat(canary.shownState(1)).isEqualTo(CellState.RUNNING);
    }

    @Test
    void shouldShowAGroupCellInItsWorstStateWhateverTheMajority() {
        TreeMap<String, Integer> sizes = new TreeMap<>();
        sizes.put("eu", 100);

        MatrixGroups.Group eu = MatrixGroups.of(
                        sizes,
                        VERSIONS,
                        List.of(
                                new MatrixGroups.Count("eu", "0001", CellState.APPLIED, 98),
                                new MatrixGroups.Count("eu", "0001", CellState.RUNNING, 1),
                                new MatrixGroups.Count("eu", "0001", CellState.FAILED, 1),
                                new MatrixGroups.Count("eu", "0002", CellState.APPLIED, 99),
                                new MatrixGroups.Count("eu", "0002", CellState.DIRTY, 1)))
                .getFirst();

        assertThat(eu.shownState(0)).isEqualTo(CellState.FAILED);
        assertThat(eu.shownState(1)).isEqualTo(CellState.DIRTY);
    }

    @Test
    void shouldIgnoreCountsOfUnknownGroupsAndVersions() {
        TreeMap<String, Integer> sizes = new TreeMap<>();
        sizes.put("eu", 1);

        MatrixGroups.Group eu = MatrixGroups.of(
                        sizes,
                        VERSIONS,
                        List.of(
                                new MatrixGroups.Count("us", "0001", CellState.APPLIED, 5),
                                new MatrixGroups.Count("eu", "0099", CellState.APPLIED, 1)))
                .getFirst();

        assertThat(eu.states()).allSatisfy(states -> assertThat(states).containsOnly(entry(CellState.PENDING, 1L)));
    }
}
