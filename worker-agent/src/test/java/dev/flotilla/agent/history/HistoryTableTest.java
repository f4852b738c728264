package dev.flotilla.agent.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.model.catalog.Version;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class HistoryTableTest {

    @Test
    void shouldEscapeQuotesAndBackslashesWhenWritingALiteral() {
        assertThat(HistoryTable.literal("plain")).isEqualTo("E'plain'");
        assertThat(HistoryTable.literal("it's")).isEqualTo("E'it''s'");
        assertThat(HistoryTable.literal("a\\'); drop table x; --")).isEqualTo("E'a\\\\''); drop table x; --'");
        assertThat(HistoryTable.literal(null)).isEqualTo("NULL");
    }

    @Test
    void shouldRefuseANulCharacterWhenWritingALiteral() {
        assertThatThrownBy(() -> HistoryTable.literal("a\0b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldNameEveryColumnOfTheRowWhenWritingTheAppliedInsert() {
        // given
        UUID run = UUID.fromString("6d1e0000-0000-0000-0000-000000000001");
        HistoryTable.StepRecord step = HistoryTable.StepRecord.ofStep(
                Version.of("0001"), "create", "ab12", HistoryTable.UP, null, run, "agent-1", "alice");

        // when
        String sql = new HistoryTable("tenant_0001").appendAppliedSql(step);

        // then
        assertThat(sql)
                .startsWith("insert into \"tenant_0001\".flotilla_schema_history")
                .contains(
                        "E'0001', E'create', E'ab12', E'up', E'applied'",
                        "NULL, E'" + run + "'::uuid, E'agent-1', E'alice', (select count(*)");
    }
}
