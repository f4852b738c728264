package dev.flotilla.model.wire;

import java.util.Map;
import java.util.Optional;

/** The {@code type} names of the wire contract. Names are never reused for another shape. */
public final class MessageTypes {

    private static final Map<String, Class<? extends Payload>> BY_NAME = Map.ofEntries(
            Map.entry("RunTenant", RunTenant.class),
            Map.entry("CancelRun", CancelRun.class),
            Map.entry("ReportInventory", ReportInventory.class),
            Map.entry("RunStarted", RunStarted.class),
            Map.entry("StepStarted", StepStarted.class),
            Map.entry("StepProgress", StepProgress.class),
            Map.entry("StepSucceeded", StepSucceeded.class),
            Map.entry("StepFailed", StepFailed.class),
            Map.entry("RunFinished", RunFinished.class),
            Map.entry("Inventory", Inventory.class),
            Map.entry("PlanPublished", PlanPublished.class),
            Map.entry("AgentHeartbeat", AgentHeartbeat.class));

    private MessageTypes() {}

    public static String nameOf(Payload payload) {
        return switch (payload) {
            case Command c -> nameOf(c);
            case Event e -> nameOf(e);
            case PlanPublished p -> "PlanPublished";
            case AgentHeartbeat h -> "AgentHeartbeat";
        };
    }

    private static String nameOf(Command command) {
        return switch (command) {
            case RunTenant r -> "RunTenant";
            case CancelRun c -> "CancelRun";
            case ReportInventory r -> "ReportInventory";
        };
    }

    private static String nameOf(Event event) {
        return switch (event) {
            case RunStarted r -> "RunStarted";
            case StepStarted s -> "StepStarted";
            case StepProgress s -> "StepProgress";
            case StepSucceeded s -> "StepSucceeded";
            case StepFailed s -> "StepFailed";
            case RunFinished r -> "RunFinished";
            case Inventory i -> "Inventory";
        };
    }

    /** The payload class of a type name; empty for a type this reader does not know. */
    public static Optional<Class<? extends Payload>> classOf(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
