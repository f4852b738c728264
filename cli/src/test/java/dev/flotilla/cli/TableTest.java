package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void shouldAlignColumnsToTheWidestCellWhenRendering() {
        Table table = Table.withHeaders("VERSION", "NAME")
                .row("0001", "create_accounts")
                .row("0010", "x");

        assertThat(table.render()).isEqualTo("""
                VERSION  NAME
                0001     create_accounts
                0010     x
                """);
    }

    @Test
    void shouldRightAlignCountsWhenAsked() {
        Table table =
                Table.withHeaders("NAME", "APPLIED").rightAlign(1).row("a", 5).row("b", 1234);

        assertThat(table.render()).isEqualTo("""
                NAME  APPLIED
                a           5
                b        1234
                """);
    }

    @Test
    void shouldPrintADashWhenACellIsNull() {
        Table table = Table.withHeaders("TENANT", "VERSION").row("tenant_0001", null);

        assertThat(table.render()).endsWith("tenant_0001  -\n");
    }

    @Test
    void shouldNotLeaveTrailingSpacesWhenTheLastColumnIsNarrow() {
        Table table = Table.withHeaders("A", "LONG HEADER").row("value", "x");

        assertThat(table.render().lines()).allSatisfy(line -> assertThat(line).doesNotEndWith(" "));
    }

    @Test
    void shouldRejectARowWhenItsCellCountDiffersFromTheHeaders() {
        Table table = Table.withHeaders("A", "B");

        assertThatThrownBy(() -> table.row("only one"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 cells");
    }
}
