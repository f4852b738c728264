package dev.flotilla.agent.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.apply.ConcurrentIndexes.Built;
import dev.flotilla.agent.apply.ConcurrentIndexes.Table;
import org.junit.jupiter.api.Test;

class ConcurrentIndexesTest {

    private static final Table ITEMS = new Table(null, "items");

    @Test
    void shouldNameEachIndexAScriptBuildsConcurrentlyAndItsTable() {
        String sql = "-- flotilla:no-transaction\n"
                + "create index concurrently items_sku_idx on items (sku);\n"
                + "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS items_id ON items (id);\n"
                + "create index plain_idx on items (c);\n"
                + "create index concurrently items_b on only tenant_1.items using btree (b);\n";

        assertThat(ConcurrentIndexes.builtBy(sql))
                .containsExactly(
                        new Built(ITEMS, "items_sku_idx", false),
                        new Built(ITEMS, "items_id", true),
                        new Built(new Table("tenant_1", "items"), "items_b", false));
    }

    @Test
    void shouldLeaveTheNameOutWhenTheScriptLetsPostgresqlChooseIt() {
        assertThat(ConcurrentIndexes.builtBy("create unique index concurrently on items (sku);\n"
                        + "create index concurrently ON ONLY \"App\".\"Items\"(sku);\n"
                        + "create index concurrently if on items (sku);"))
                .containsExactly(
                        new Built(ITEMS, null, false),
                        new Built(new Table("App", "Items"), null, false),
                        new Built(ITEMS, "if", false));
    }

    @Test
    void shouldKeepQuotedNamesAsWrittenAndFoldUnquotedOnesToLowerCase() {
        assertThat(ConcurrentIndexes.builtBy("create index concurrently \"MyIdx\" on Items (a);\n"
                        + "create index concurrently \"say \"\"hi\"\"\" on \"Items\" (a);\n"
                        + "create index concurrently MyIdx on APP.Items (a);"))
                .containsExactly(
                        new Built(ITEMS, "MyIdx", false),
                        new Built(new Table(null, "Items"), "say \"hi\"", false),
                        new Built(new Table("app", "items"), "myidx", false));
    }

    @Test
    void shouldReadTheStatementPastCommentsAndTakeADatabaseQualifiedTablesSchema() {
        assertThat(ConcurrentIndexes.builtBy("/* outer /* nested */ still */ create -- why\n index concurrently"
                        + " /* name: */ idx on tenants.app.items (a);"))
                .containsExactly(new Built(new Table("app", "items"), "idx", false));
    }

    @Test
    void shouldCutANameLongerThan63BytesAsPostgresqlDoes() {
        String longName = "i".repeat(70);

        assertThat(ConcurrentIndexes.builtBy("create index concurrently " + longName + " on items (a);"))
                .extracting(Built::name)
                .containsExactly("i".repeat(63));
    }

    @Test
    void shouldNameNoneWhenThereIsNoScriptOrTheStatementIsNotAnIndexBuild() {
        assertThat(ConcurrentIndexes.builtBy(null)).isEmpty();
        assertThat(ConcurrentIndexes.builtBy("create index concurrently tenant_1.items_b on items (b);"))
                .as("PostgreSQL refuses a qualified index name: the index goes in its table's schema")
                .isEmpty();
        assertThat(ConcurrentIndexes.builtBy("create table concurrently (a int); create index concurrently"))
                .isEmpty();
    }

    @Test
    void shouldQuoteAReferenceSoThatAnyNameIsSafe() {
        assertThat(new Table("app", "we\"ird").quoted()).isEqualTo("\"app\".\"we\"\"ird\"");
        assertThat(ITEMS.quoted()).isEqualTo("\"items\"");
    }
}
