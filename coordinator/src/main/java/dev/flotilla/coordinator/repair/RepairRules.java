package dev.flotilla.coordinator.repair;

import dev.flotilla.coordinator.matrix.CellState;
import dev.flotilla.model.wire.HistoryState;
import dev.flotilla.model.wire.RepairAction;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether the coordinator sends a repair to a tenant's agent, from what its matrix knows. The agent
 * checks the tenant itself again before it changes anything; these rules only keep requests that
 * cannot be right from reaching it. Pure.
 */
public final class RepairRules {

    /** The cell states each action resolves. */
    private static final Map<RepairAction, Set<CellState>> RESOLVES = Map.of(
            RepairAction.RETRY, EnumSet.of(CellState.DIRTY),
            RepairAction.MARK_APPLIED, EnumSet.of(CellState.DIRTY, CellState.PENDING, CellState.FAILED),
            RepairAction.MARK_REVERTED,
                    EnumSet.of(
                            CellState.DIRTY, CellState.APPLIED, CellState.CHECKSUM_MISMATCH, CellState.REVERT_FAILED),
            RepairAction.ACCEPT_CHECKSUM, EnumSet.of(CellState.CHECKSUM_MISMATCH));

    private RepairRules() {}

    /** What the coordinator knows of the tenant when a repair is asked for. */
    public record Tenant(String id, boolean runInFlight, boolean repairOpen) {}

    /**
     * Why a repair of one version is refused; empty when it may be sent.
     *
     * @param cell the version's cell in the matrix
     */
    public static Optional<String> refusal(RepairAction action, Tenant tenant, String version, CellState cell) {
        if (action == RepairAction.BASELINE) {
            throw new IllegalArgumentException("a baseline is checked with baselineRefusal");
        }
        return busy(tenant)
                .or(() -> RESOLVES.get(action).contains(cell)
                        ? Optional.empty()
                        : Optional.of(tenant.id() + " " + version + " is " + describe(cell) + ": " + words(action)
                                + " applies to a migration that is " + expected(action)));
    }

    /**
     * Why a baseline up to a version is refused; empty when it may be sent.
     *
     * @param cells the tenant's cells of the versions up to the baseline's
     */
    public static Optional<String> baselineRefusal(Tenant tenant, Map<String, CellState> cells) {
        return busy(tenant).or(() -> cells.entrySet().stream()
                .filter(e -> e.getValue() == CellState.DIRTY || e.getValue() == CellState.RUNNING)
                .findFirst()
                .map(e -> tenant.id() + " " + e.getKey() + " is " + describe(e.getValue())
                        + ": repair it before a baseline"));
    }

    private static Optional<String> busy(Tenant tenant) {
        if (tenant.runInFlight()) {
            return Optional.of(tenant.id() + " has a run in flight: wait for it to end, or cancel its rollout");
        }
        if (tenant.repairOpen()) {
            return Optional.of(tenant.id() + " already has a repair waiting for its agent");
        }
        return Optional.empty();
    }

    /**
     * What the tenant's history should say of a version whose cell is in {@code cell}, for the agent
     * to check before it repairs; null when the cell cannot tell (a revert that failed may have left
     * the step applied or dirty).
     */
    public static HistoryState expected(CellState cell) {
        return switch (cell) {
            case PENDING, FAILED -> HistoryState.NOT_APPLIED;
            case APPLIED, CHECKSUM_MISMATCH -> HistoryState.APPLIED;
            case DIRTY -> HistoryState.DIRTY;
            case RUNNING, REVERT_FAILED, UNKNOWN -> null;
        };
    }

    /** The action as the CLI spells it. */
    public static String words(RepairAction action) {
        return "--" + action.name().toLowerCase().replace('_', '-');
    }

    private static String expected(RepairAction action) {
        return String.join(
                " or ", RESOLVES.get(action).stream().map(RepairRules::describe).toList());
    }

    private static String describe(CellState state) {
        return switch (state) {
            case PENDING -> "not applied";
            case RUNNING -> "running";
            case APPLIED -> "applied";
            case FAILED -> "failed";
            case DIRTY -> "dirty";
            case CHECKSUM_MISMATCH -> "applied with another checksum";
            case REVERT_FAILED -> "revert failed";
            case UNKNOWN -> "in a state this coordinator does not know";
        };
    }
}
