package dev.flotilla.coordinator.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.AppliedMigration;
import dev.flotilla.model.wire.Direction;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.Event;
import dev.flotilla.model.wire.Inventory;
import dev.flotilla.model.wire.RunFinished;
import dev.flotilla.model.wire.StepStarted;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventChecksTest {

    private static final Instant AT = Instant.parse("2026-11-21T10:00:00Z");

    private static Optional<String> problem(String tenant, Event event) {
        return EventChecks.problem(Envelope.of(tenant, null, AT, event));
    }

    private static Inventory inventory(String site, AppliedMigration... applied) {
        return new Inventory("agent-1", site, Map.of(), List.of(applied));
    }

    @Test
    void shouldAcceptAnInventoryAndAStepEventWhenEveryFieldIsWellFormed() {
        // given
        AppliedMigration applied = new AppliedMigration("0001", "create", "ab12", AppliedMigration.APPLIED, AT);

        // when
        Optional<String> inventory = problem("tenant_0001", inventory("eu-1", applied));
        Optional<String> step =
                problem("tenant_0001", new StepStarted(UUID.randomUUID(), Version.of("0001"), Direction.UP));

        // then
        assertThat(inventory).isEmpty();
        assertThat(step).isEmpty();
    }

    @Test
    void shouldNameTheTenantWhenItIsMissingOrNotAnId() {
        // when
        Optional<String> missing = problem(null, inventory("eu-1"));
        Optional<String> invalid = problem("Tenant One", inventory("eu-1"));

        // then
        assertThat(missing).hasValueSatisfying(p -> assertThat(p).contains("tenant id 'null'"));
        assertThat(invalid).hasValueSatisfying(p -> assertThat(p).contains("tenant id 'Tenant One'"));
    }

    @Test
    void shouldNameTheSiteWhenAnInventoryComesFromASiteThatIsNotAnId() {
        // when
        Optional<String> problem = problem("tenant_0001", inventory("EU 1"));

        // then
        assertThat(problem).hasValueSatisfying(p -> assertThat(p).contains("site id 'EU 1'"));
    }

    /** A step event's version is typed: one that is not digits is refused by the codec (WireCodecTest). */
    @Test
    void shouldNameTheVersionWhenAHistoryRowHasOneThatIsNotDigitsOrAStepHasNone() {
        // given
        AppliedMigration applied = new AppliedMigration("v1", "create", "ab12", AppliedMigration.APPLIED, AT);

        // when
        Optional<String> inventory = problem("tenant_0001", inventory("eu-1", applied));
        Optional<String> step = problem("tenant_0001", new StepStarted(UUID.randomUUID(), null, Direction.UP));

        // then
        assertThat(inventory).hasValue("version 'v1' is not digits");
        assertThat(step).hasValue("version is missing");
    }

    @Test
    void shouldNameTheMissingFieldWhenARunEventLacksItsRunIdOrOutcome() {
        // when
        Optional<String> noRun = problem("tenant_0001", new RunFinished(null, null, null));
        Optional<String> noOutcome = problem("tenant_0001", new RunFinished(UUID.randomUUID(), null, null));

        // then
        assertThat(noRun).hasValue("run id is missing");
        assertThat(noOutcome).hasValue("outcome is missing");
    }
}
