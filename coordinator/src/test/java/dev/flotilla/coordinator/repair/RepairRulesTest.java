package dev.flotilla.coordinator.repair;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.coordinator.matrix.CellState;
import dev.flotilla.model.wire.HistoryState;
import dev.flotilla.model.wire.RepairAction;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RepairRulesTest {

    private static final RepairRules.Tenant IDLE = new RepairRules.Tenant("t1", false, false);

    /** Per action, the cell states it is sent for; every other state is refused. */
    private static final Map<RepairAction, Set<CellState>> SENT_FOR = Map.of(
            RepairAction.RETRY, EnumSet.of(CellState.DIRTY),
            RepairAction.MARK_APPLIED, EnumSet.of(CellState.DIRTY, CellState.PENDING, CellState.FAILED),
            RepairAction.MARK_REVERTED,
                    EnumSet.of(
                            CellState.DIRTY, CellState.APPLIED, CellState.CHECKSUM_MISMATCH, CellState.REVERT_FAILED),
            RepairAction.ACCEPT_CHECKSUM, EnumSet.of(CellState.CHECKSUM_MISMATCH));

    @Test
    void shouldSendEachActionOnlyForTheCellStatesItResolves() {
        SENT_FOR.forEach((action, states) -> {
            for (CellState cell : CellState.values()) {
                assertThat(RepairRules.refusal(action, IDLE, "0003", cell).isEmpty())
                        .as("%s on a %s cell", action, cell)
                        .isEqualTo(states.contains(cell));
            }
        });
    }

    @Test
    void shouldTellTheAgentWhatTheHistoryShouldSayOnlyWhereTheCellDeterminesIt() {
        assertThat(RepairRules.expected(CellState.PENDING)).isEqualTo(HistoryState.NOT_APPLIED);
        assertThat(RepairRules.expected(CellState.FAILED)).isEqualTo(HistoryState.NOT_APPLIED);
        assertThat(RepairRules.expected(CellState.APPLIED)).isEqualTo(HistoryState.APPLIED);
        assertThat(RepairRules.expected(CellState.CHECKSUM_MISMATCH)).isEqualTo(HistoryState.APPLIED);
        assertThat(RepairRules.expected(CellState.DIRTY)).isEqualTo(HistoryState.DIRTY);
        // a failed revert leaves the step applied (transactional) or dirty (not): the agent decides
        assertThat(RepairRules.expected(CellState.REVERT_FAILED)).isNull();
        assertThat(RepairRules.expected(CellState.RUNNING)).isNull();
    }

    @Test
    void shouldNameTheCellAndWhatTheActionNeedsWhenRefused() {
        assertThat(RepairRules.refusal(RepairAction.RETRY, IDLE, "0003", CellState.APPLIED))
                .hasValue("t1 0003 is applied: --retry applies to a migration that is dirty");
    }

    @Test
    void shouldRefuseEveryRepairWhileARunIsInFlightOrAnotherRepairIsOpen() {
        RepairRules.Tenant running = new RepairRules.Tenant("t1", true, false);
        RepairRules.Tenant repairing = new RepairRules.Tenant("t1", false, true);

        assertThat(RepairRules.refusal(RepairAction.RETRY, running, "0003", CellState.DIRTY))
                .hasValueSatisfying(why -> assertThat(why).contains("run in flight"));
        assertThat(RepairRules.refusal(RepairAction.RETRY, repairing, "0003", CellState.DIRTY))
                .hasValueSatisfying(why -> assertThat(why).contains("already has a repair"));
        assertThat(RepairRules.baselineRefusal(running, Map.of())).isPresent();
    }

    @Test
    void shouldRefuseABaselineOverADirtyOrRunningCell() {
        Map<String, CellState> cells = new LinkedHashMap<>();
        cells.put("0001", CellState.APPLIED);
        cells.put("0002", CellState.PENDING);
        assertThat(RepairRules.baselineRefusal(IDLE, cells)).isEmpty();

        cells.put("0003", CellState.DIRTY);
        assertThat(RepairRules.baselineRefusal(IDLE, cells)).hasValue("t1 0003 is dirty: repair it before a baseline");
    }

    @Test
    void shouldSpellActionsAsTheCliDoes() {
        assertThat(RepairRules.words(RepairAction.MARK_APPLIED)).isEqualTo("--mark-applied");
        assertThat(RepairRules.words(RepairAction.ACCEPT_CHECKSUM)).isEqualTo("--accept-checksum");
    }
}
