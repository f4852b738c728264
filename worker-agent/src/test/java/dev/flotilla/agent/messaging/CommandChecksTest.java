package dev.flotilla.agent.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.CancelRun;
import dev.flotilla.model.wire.Direction;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.Payload;
import dev.flotilla.model.wire.ReportInventory;
import dev.flotilla.model.wire.RunFinished;
import dev.flotilla.model.wire.RunOutcome;
import dev.flotilla.model.wire.RunTenant;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CommandChecksTest {

    private static final RunTenant RUN =
            new RunTenant(UUID.randomUUID(), "plan-1", Direction.UP, List.of(Version.of("0001")));

    @Test
    void shouldAcceptARunWhenItNamesItsTenantRunAndPlan() {
        assertThat(CommandChecks.problem(envelope("tenant_0001", RUN))).isEmpty();
    }

    @Test
    void shouldRefuseARunWhenItsEnvelopeNamesNoTenant() {
        assertThat(CommandChecks.problem(envelope(null, RUN))).contains("tenant is missing");
    }

    @Test
    void shouldRefuseARunWhenItsTenantIsNotAnId() {
        assertThat(CommandChecks.problem(envelope("Tenant 1", RUN)))
                .hasValueSatisfying(p -> assertThat(p).contains("'Tenant 1' does not match"));
    }

    @Test
    void shouldRefuseARunWhenItNamesNoPlan() {
        RunTenant noPlan = new RunTenant(UUID.randomUUID(), null, Direction.UP, List.of());
        assertThat(CommandChecks.problem(envelope("tenant_0001", noPlan))).contains("plan id is missing");
    }

    @Test
    void shouldRefuseACancelWhenItNamesNoRun() {
        assertThat(CommandChecks.problem(envelope("tenant_0001", new CancelRun(null, "why"))))
                .contains("run id is missing");
    }

    @Test
    void shouldAcceptAnInventoryRequestWhenItNamesNoTenant() {
        assertThat(CommandChecks.problem(envelope(null, new ReportInventory("it"))))
                .isEmpty();
    }

    @Test
    void shouldRefuseAnEventWhenItArrivesOnTheCommandTopic() {
        assertThat(CommandChecks.problem(
                        envelope("tenant_0001", new RunFinished(UUID.randomUUID(), RunOutcome.SUCCEEDED, null))))
                .contains("a RunFinished is not a command");
    }

    private static Envelope<Payload> envelope(String tenant, Payload payload) {
        return Envelope.of(tenant, null, Instant.now(), payload);
    }
}
