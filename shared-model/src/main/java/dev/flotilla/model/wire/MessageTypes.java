package dev.flotilla.model.wire;

import java.util.Map;
import java.util.Optional;

/**
 * The {@code type} names of the wire contract, the one place they are spelled: code and tests that
 * name a type use these constants. Names are never reused for another shape.
 */
public final class MessageTypes {

    public static final String RUN_TENANT = "RunTenant";
    public static final String CANCEL_RUN = "CancelRun";
    public static final String REPORT_INVENTORY = "ReportInventory";
    public static final String REPAIR_TENANT = "RepairTenant";
    public static final String RUN_STARTED = "RunStarted";
    public static final String STEP_STARTED = "StepStarted";
    public static final String STEP_PROGRESS = "StepProgress";
    public static final String STEP_SUCCEEDED = "StepSucceeded";
    public static final String STEP_FAILED = "StepFailed";
    public static final String RUN_FINISHED = "RunFinished";
    public static final String INVENTORY = "Inventory";
    public static final String REPAIR_FINISHED = "RepairFinished";
    public static final String PLAN_PUBLISHED = "PlanPublished";
    public static final String AGENT_HEARTBEAT = "AgentHeartbeat";

    private static final Map<String, Class<? extends Payload>> BY_NAME = Map.ofEntries(
            Map.entry(RUN_TENANT, RunTenant.class),
            Map.entry(CANCEL_RUN, CancelRun.class),
            Map.entry(REPORT_INVENTORY, ReportInventory.class),
            Map.entry(REPAIR_TENANT, RepairTenant.class),
            Map.entry(RUN_STARTED, RunStarted.class),
            Map.entry(STEP_STARTED, StepStarted.class),
            Map.entry(STEP_PROGRESS, StepProgress.class),
            Map.entry(STEP_SUCCEEDED, StepSucceeded.class),
            Map.entry(STEP_FAILED, StepFailed.class),
            Map.entry(RUN_FINISHED, RunFinished.class),
            Map.entry(INVENTORY, Inventory.class),
            Map.entry(REPAIR_FINISHED, RepairFinished.class),
            Map.entry(PLAN_PUBLISHED, PlanPublished.class),
            Map.entry(AGENT_HEARTBEAT, AgentHeartbeat.class));

    private MessageTypes() {}

    public static String nameOf(Payload payload) {
        return switch (payload) {
            case Command c -> nameOf(c);
            case Event e -> nameOf(e);
            case PlanPublished p -> PLAN_PUBLISHED;
            case AgentHeartbeat h -> AGENT_HEARTBEAT;
        };
    }

    private static String nameOf(Command command) {
        return switch (command) {
            case RunTenant r -> RUN_TENANT;
            case CancelRun c -> CANCEL_RUN;
            case ReportInventory r -> REPORT_INVENTORY;
            case RepairTenant r -> REPAIR_TENANT;
        };
    }

    private static String nameOf(Event event) {
        return switch (event) {
            case RunStarted r -> RUN_STARTED;
            case StepStarted s -> STEP_STARTED;
            case StepProgress s -> STEP_PROGRESS;
            case StepSucceeded s -> STEP_SUCCEEDED;
            case StepFailed s -> STEP_FAILED;
            case RunFinished r -> RUN_FINISHED;
            case Inventory i -> INVENTORY;
            case RepairFinished r -> REPAIR_FINISHED;
        };
    }

    /** The payload class of a type name; empty for a type this reader does not know. */
    public static Optional<Class<? extends Payload>> classOf(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
