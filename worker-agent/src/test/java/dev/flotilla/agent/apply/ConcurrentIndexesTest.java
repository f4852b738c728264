package dev.flotilla.agent.apply;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConcurrentIndexesTest {

    @Test
    void shouldNameEachIndexAScriptBuildsConcurrently() {
        String sql = "-- flotilla:no-transaction\n"
                + "create index concurrently items_sku_idx on items (sku);\n"
                + "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"Items_Id\" ON items (id);\n"
                + "create index concurrently tenant_1.items_b on items (b);\n"
                + "create index plain_idx on items (c);\n";

        assertThat(ConcurrentIndexes.builtBy(sql))
                .containsExactly(
                        new ConcurrentIndexes.Built("items_sku_idx", false),
                        new ConcurrentIndexes.Built("items_id", true),
                        new ConcurrentIndexes.Built("items_b", false));
    }

    @Test
    void shouldNameNoneWhenThereIsNoScript() {
        assertThat(ConcurrentIndexes.builtBy(null)).isEmpty();
    }
}
