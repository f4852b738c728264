package dev.flotilla.model.wire;

/**
 * The body of an {@link Envelope}. Sealed, so adding a message type is a compile error at every
 * exhaustive switch that dispatches on it.
 */
public sealed interface Payload permits Command, Event, PlanPublished, AgentHeartbeat {}
