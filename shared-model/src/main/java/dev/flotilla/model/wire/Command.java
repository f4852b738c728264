package dev.flotilla.model.wire;

/** What the coordinator asks the agents of one site to do; on {@code flotilla.commands.<site>}. */
public sealed interface Command extends Payload permits RunTenant, CancelRun, ReportInventory, RepairTenant {}
