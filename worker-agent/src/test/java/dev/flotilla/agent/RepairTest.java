package dev.flotilla.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.flotilla.agent.TenantSchema.Audit;
import dev.flotilla.agent.TenantSchema.HistoryRow;
import dev.flotilla.model.catalog.Checksum;
import dev.flotilla.model.wire.AppliedMigration;
import dev.flotilla.model.wire.FailureCode;
import dev.flotilla.model.wire.HistoryState;
import dev.flotilla.model.wire.RepairAction;
import dev.flotilla.model.wire.RepairFinished;
import dev.flotilla.model.wire.RepairOutcome;
import dev.flotilla.model.wire.StepFailed;
import dev.flotilla.model.wire.StepSucceeded;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Repairs through the agent, against real tenants: what the agent checks, what it changes, and what it
 * records in the tenant's history (who, why, which kind of row).
 */
@QuarkusTest
@WithTestResource(AgentTestResources.class)
class RepairTest extends RepairIntegrationTest {

    private static final String UNNAMED_UNIQUE_SKU =
            "-- flotilla:no-transaction\ncreate unique index concurrently on items (sku);\n";

    @Test
    void shouldDropTheInvalidIndexAndBuildItAgainWhenADirtyConcurrentIndexIsRetried() {
        // given a unique index whose concurrent build failed on duplicates, leaving it invalid
        String tenant = servedTenant("tenant_0012");
        String planId = dirtyUniqueIndex(tenant);

        // when an operator claims it applied
        RepairFinished claimed = repair(tenant, planId, RepairAction.MARK_APPLIED, "looks fine to me");

        // then the agent sees the invalid index and refuses, changing nothing
        assertThat(claimed.outcome()).isEqualTo(RepairOutcome.REFUSED);
        assertThat(claimed.message()).contains("items_sku_uniq is invalid", "--retry");
        assertThat(schema(tenant).history()).hasSize(2);

        // when a retry runs before the data is fixed
        RepairFinished early = repair(tenant, planId, RepairAction.RETRY, "try again");

        // then the index is rebuilt, fails again, and the tenant is dirty again
        assertThat(early.outcome()).isEqualTo(RepairOutcome.FAILED);
        assertThat(early.message()).contains("dropped invalid index items_sku_uniq", "dirty again");
        assertThat(schema(tenant).history().getLast().state()).isEqualTo("dirty");
        assertThat(schema(tenant).hasValidIndex("items_sku_uniq")).isFalse();

        // when the duplicates are fixed and the step retried
        schema(tenant).execute("update items set sku = 'b' where id = 2");
        RepairFinished retried = repair(tenant, planId, RepairAction.RETRY, "duplicates fixed, INC-42");

        // then the invalid index was dropped and built again, valid, and the history says who and why
        assertThat(retried.outcome()).isEqualTo(RepairOutcome.SUCCEEDED);
        assertThat(retried.message()).contains("dropped invalid index items_sku_uniq");
        assertThat(schema(tenant).hasValidIndex("items_sku_uniq")).isTrue();
        assertThat(schema(tenant).audit().getLast())
                .isEqualTo(new Audit("0002", "up", "applied", "repair", "alice", "duplicates fixed, INC-42"));
        assertThat(events.awaitInventory(tenant, i -> applied(i.applied(), "0002"))
                        .applied())
                .as("the re-run keeps the rollout of the step it finished")
                .filteredOn(a -> a.version().equals("0002"))
                .extracting(AppliedMigration::rollout)
                .containsExactly(FakeCoordinator.ROLLOUT);
    }

    @Test
    void shouldDropTheInvalidIndexAndRecordTheStepNotAppliedWhenMarkedReverted() {
        // given
        String tenant = servedTenant("tenant_0015");
        String planId = dirtyUniqueIndex(tenant);

        // when
        RepairFinished reverted = repair(tenant, planId, RepairAction.MARK_REVERTED, "will fix the data first");

        // then
        assertThat(reverted.outcome()).isEqualTo(RepairOutcome.SUCCEEDED);
        assertThat(schema(tenant).hasIndex("items_sku_uniq")).isFalse();
        assertThat(schema(tenant).audit().getLast())
                .isEqualTo(new Audit("0002", "down", "applied", "repair", "alice", "will fix the data first"));

        // and the step runs normally once the data is fixed
        schema(tenant).execute("delete from items where id = 2");
        UUID run = coordinator.runTenant(tenant, planId, "0002");
        assertThat(EventLog.payloads(events.awaitFinished(run), StepSucceeded.class))
                .extracting(s -> s.version().text(), StepSucceeded::alreadyApplied)
                .containsExactly(tuple("0002", false));
        assertThat(schema(tenant).hasValidIndex("items_sku_uniq")).isTrue();
    }

    @Test
    void shouldTreatTheTablesInvalidIndexesAsTheStepsWhenAnUnnamedConcurrentIndexIsRepaired() {
        // given an unnamed unique index whose concurrent build failed: PostgreSQL named it items_sku_idx
        String tenant = servedTenant("tenant_0017");
        String planId = dirtyUniqueIndex(tenant, UNNAMED_UNIQUE_SKU, schema(tenant), "items_sku_idx");

        // when an operator claims it applied
        RepairFinished claimed = repair(tenant, planId, RepairAction.MARK_APPLIED, "looks fine to me");

        // then the agent finds the invalid index on the table and refuses, changing nothing
        assertThat(claimed.outcome()).isEqualTo(RepairOutcome.REFUSED);
        assertThat(claimed.message()).contains("invalid index items_sku_idx", "items", "--retry");
        assertThat(schema(tenant).history()).hasSize(2);

        // when the duplicates are fixed and the step retried
        schema(tenant).execute("update items set sku = 'b' where id = 2");
        RepairFinished retried = repair(tenant, planId, RepairAction.RETRY, "duplicates fixed");

        // then the invalid index was dropped before the build, which left one valid index
        assertThat(retried.outcome()).isEqualTo(RepairOutcome.SUCCEEDED);
        assertThat(retried.message()).contains("dropped invalid index items_sku_idx");
        assertThat(schema(tenant).indexesOn("items"))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "items_pkey", true,
                        "items_sku_idx", true));
        assertThat(schema(tenant).history().getLast())
                .extracting(HistoryRow::version, HistoryRow::direction, HistoryRow::state)
                .containsExactly("0002", "up", "applied");
    }

    @Test
    void shouldRefuseARepairAndChangeNothingWhenTheHistoryNoLongerSaysWhatTheCoordinatorSaw() {
        // given a non-transactional step that went dirty half-way (its first statement committed)
        String tenant = servedTenant("tenant_0018");
        String planId = coordinator.publishPlan(List.of(
                Steps.transactional("0001", "create_items", "create table items (id bigint primary key);"),
                Steps.nonTransactional(
                        "0002",
                        "add_note",
                        "-- flotilla:no-transaction\nalter table items add column note text;\n"
                                + "alter table items add column note text;\n")));
        UUID run = coordinator.runTenant(tenant, planId, "0001", "0002");
        assertThat(EventLog.payloads(events.awaitFinished(run), StepFailed.class))
                .extracting(StepFailed::dirty)
                .containsExactly(true);

        // and one operator, who saw it dirty, undid it by hand and marked it reverted
        schema(tenant).execute("alter table items drop column note");
        RepairFinished reverted =
                repair(tenant, planId, "0002", RepairAction.MARK_REVERTED, "undone by hand", HistoryState.DIRTY);
        assertThat(reverted.outcome()).isEqualTo(RepairOutcome.SUCCEEDED);
        List<Audit> before = schema(tenant).audit();

        // when another operator, who saw it dirty too, asks for it to be marked applied
        RepairFinished stale =
                repair(tenant, planId, "0002", RepairAction.MARK_APPLIED, "finished by hand", HistoryState.DIRTY);

        // then the agent refuses, naming what the coordinator saw and what the history says now
        assertThat(stale.outcome()).isEqualTo(RepairOutcome.REFUSED);
        assertThat(stale.message()).contains("saw version 0002 as dirty", "history now says not applied", "ask again");
        assertThat(schema(tenant).audit()).isEqualTo(before);
        assertThat(before.getLast())
                .isEqualTo(new Audit("0002", "down", "applied", "repair", "alice", "undone by hand"));
    }

    @Test
    void shouldRecordMigrationsAppliedWithoutRunningThemWhenATenantIsBaselined() {
        // given a tenant whose items table another tool created
        String tenant = servedTenant("tenant_0013");
        String createItems = "create table items (id bigint primary key, sku text);";
        schema(tenant).execute(createItems);
        String planId = coordinator.publishPlan(List.of(
                Steps.transactional("0001", "create_items", createItems),
                Steps.transactional("0002", "create_orders", "create table orders (id bigint primary key);")));

        // when the baseline is sent, and its command delivered a second time
        UUID id = UUID.randomUUID();
        coordinator.repairTenant(id, tenant, planId, "0001", RepairAction.BASELINE, "adopted from Flyway");
        coordinator.repairTenant(id, tenant, planId, "0001", RepairAction.BASELINE, "adopted from Flyway");
        List<RepairFinished> answers = events.awaitRepairs(id, 2);

        // then 0001 is recorded once as a baseline, not run; the second delivery is reported as done
        assertThat(answers).extracting(RepairFinished::outcome).containsOnly(RepairOutcome.SUCCEEDED);
        assertThat(answers.get(1).message()).isEqualTo("already carried out");
        assertThat(schema(tenant).audit())
                .containsExactly(new Audit("0001", "up", "applied", "baseline", "alice", "adopted from Flyway"));

        // and a run then starts after it
        UUID run = coordinator.runTenant(tenant, planId, "0001", "0002");
        assertThat(EventLog.payloads(events.awaitFinished(run), StepSucceeded.class))
                .extracting(s -> s.version().text(), StepSucceeded::alreadyApplied)
                .containsExactly(tuple("0001", true), tuple("0002", false));
        assertThat(schema(tenant).hasTable("orders")).isTrue();
    }

    @Test
    void shouldRecordTheCatalogsChecksumWhenAnEditedScriptsChecksumIsAccepted() {
        // given a step applied with one script, then a catalog whose script for it was edited
        String tenant = servedTenant("tenant_0014");
        String original = "create table items (id bigint primary key);";
        String edited = "-- reformatted\ncreate table items (id bigint primary key);";
        UUID first = coordinator.runTenant(
                tenant,
                coordinator.publishPlan(List.of(Steps.transactional("0001", "create_items", original))),
                "0001");
        events.awaitFinished(first);
        String editedPlan = coordinator.publishPlan(List.of(Steps.transactional("0001", "create_items", edited)));
        UUID refused = coordinator.runTenant(tenant, editedPlan, "0001");
        assertThat(EventLog.payloads(events.awaitFinished(refused), StepFailed.class))
                .extracting(StepFailed::code)
                .containsExactly(FailureCode.CHECKSUM_MISMATCH);

        // when
        RepairFinished accepted = repair(tenant, editedPlan, "0001", RepairAction.ACCEPT_CHECKSUM, "whitespace only");

        // then
        assertThat(accepted.outcome()).isEqualTo(RepairOutcome.SUCCEEDED);
        assertThat(schema(tenant).history().getLast())
                .extracting(HistoryRow::version, HistoryRow::checksum, HistoryRow::state)
                .containsExactly("0001", Checksum.of(edited), "applied");
        UUID again = coordinator.runTenant(tenant, editedPlan, "0001");
        assertThat(EventLog.payloads(events.awaitFinished(again), StepSucceeded.class))
                .extracting(StepSucceeded::alreadyApplied)
                .containsExactly(true);
    }

    @Test
    void shouldAddTheNewColumnsWhenAHistoryTableFromAnOlderAgentIsUsed() {
        // given a history table as agents before repairs created it, with a row in it
        String tenant = servedTenant("tenant_0016");
        schema(tenant)
                .execute("create table flotilla_schema_history (installed_rank bigserial primary key,"
                        + " version text not null, name text not null, checksum text not null,"
                        + " direction text not null check (direction in ('up', 'down')),"
                        + " state text not null check (state in ('running', 'applied', 'dirty')),"
                        + " applied_at timestamptz not null default now(), duration_ms bigint, rollout_id text, run_id uuid,"
                        + " agent_id text not null);"
                        + " create table items (id bigint primary key);"
                        + " insert into flotilla_schema_history (version, name, checksum, direction, state, agent_id)"
                        + " values ('0001', 'create_items', 'old', 'up', 'applied', 'agent-old')");
        String planId = coordinator.publishPlan(
                List.of(Steps.transactional("0001", "create_items", "create table items (id bigint primary key);")));

        // when a repair writes to it
        RepairFinished accepted = repair(tenant, planId, "0001", RepairAction.ACCEPT_CHECKSUM, "adopting");

        // then the table got the columns, and the old row is kept
        assertThat(accepted.outcome()).isEqualTo(RepairOutcome.SUCCEEDED);
        assertThat(schema(tenant).audit())
                .containsExactly(
                        new Audit("0001", "up", "applied", null, null, null),
                        new Audit("0001", "up", "applied", "repair", "alice", "adopting"));
    }

    /** Runs 0001 (items with a duplicate sku) and 0002 (a unique index built concurrently), which goes dirty. */
    private String dirtyUniqueIndex(String tenant) {
        return dirtyUniqueIndex(tenant, UNIQUE_SKU, schema(tenant), "items_sku_uniq");
    }

    private RepairFinished repair(String tenant, String planId, RepairAction action, String reason) {
        return repair(tenant, planId, "0002", action, reason);
    }

    private static boolean applied(List<AppliedMigration> applied, String version) {
        return applied.stream()
                .anyMatch(a -> a.version().equals(version) && a.state().equals(AppliedMigration.APPLIED));
    }
}
