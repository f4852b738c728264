package dev.flotilla.coordinator;

/**
 * The same real infrastructure as {@link CoordinatorTestResources}, started afresh for the recovery
 * tests so their tenants never mix with the rollout story's (a different resource class makes Quarkus
 * start a separate application).
 */
public class RecoveryTestResources extends CoordinatorTestResources {}
