package dev.flotilla.coordinator;

/**
 * The same real infrastructure as {@link CoordinatorTestResources}, started afresh for
 * {@link FaultFlowTest}, so the dead letters and outbox rows it makes never mix with other stories'.
 */
public class FaultTestResources extends CoordinatorTestResources {}
