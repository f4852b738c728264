package dev.flotilla.model.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BatchDirectiveTest {

    private static final String BACKFILL = "-- flotilla:batch table=orders key=id size=5000\n"
            + "UPDATE orders SET total_cents = (total * 100)::bigint WHERE id > :lo AND id <= :hi;\n";

    @Test
    void shouldReadTheBatchWhenTheDirectiveIsComplete() {
        Script script = Script.read("0007_backfill.up.sql", BACKFILL);

        assertThat(script.directives().batch())
                .contains(new BatchSpec(Optional.empty(), "orders", "id", 5000, Duration.ZERO));
        assertThat(script.directives().transactional()).isTrue();
    }

    @Test
    void shouldReadSchemaAndPauseWhenGiven() {
        BatchSpec spec = BatchSpec.of("-- flotilla:batch table=sales.orders key=order_no size=10 pause=100ms\n"
                        + "update sales.orders set n = n + 1 where order_no > :lo and order_no <= :hi")
                .orElseThrow();

        assertThat(spec)
                .isEqualTo(new BatchSpec(Optional.of("sales"), "orders", "order_no", 10, Duration.ofMillis(100)));
        assertThat(spec.quotedTable()).isEqualTo("\"sales\".\"orders\"");
        assertThat(spec.describe()).isEqualTo("sales.orders.order_no");
    }

    @Test
    void shouldSayNotBatchedWhenTheScriptHasNoBatchDirective() {
        assertThat(BatchSpec.of("create table t (id int);")).isEmpty();
    }

    @Test
    void shouldNameLineAndProblemWhenAnArgumentIsMissing() {
        assertThatThrownBy(() -> Script.read(
                        "0007_b.up.sql",
                        "\n-- flotilla:batch table=orders size=10\nupdate orders"
                                + " set a = 1 where id > :lo and id <= :hi;"))
                .isInstanceOfSatisfying(
                        CatalogException.class,
                        e -> assertThat(e.problems()).singleElement().satisfies(p -> {
                            assertThat(p.file()).isEqualTo("0007_b.up.sql");
                            assertThat(p.line()).isEqualTo(2);
                            assertThat(p.message()).contains("needs key=");
                        }));
    }

    @Test
    void shouldRefuseWhenArgumentsAreMalformed() {
        assertThat(problems("-- flotilla:batch table=Orders key=id size=10")).contains("lower-case SQL name");
        assertThat(problems("-- flotilla:batch table=a.b.c key=id size=10")).contains("lower-case SQL name");
        assertThat(problems("-- flotilla:batch table=orders key=id size=0")).contains("from 1 to 1000000");
        assertThat(problems("-- flotilla:batch table=orders key=id size=ten")).contains("whole number");
        assertThat(problems("-- flotilla:batch table=orders key=id size=10 pause=soon"))
                .contains("a duration");
        assertThat(problems("-- flotilla:batch table=orders key=id size=10 order=desc"))
                .contains("does not know 'order=desc'");
        assertThat(problems("-- flotilla:batch table=orders key=id key=x size=10"))
                .contains("gives 'key' twice");
    }

    @Test
    void shouldRefuseWhenTheStatementLacksAPlaceholder() {
        assertThat(problems("-- flotilla:batch table=orders key=id size=10\nupdate orders set a = 1 where id > :lo;"))
                .contains("must use :hi");
    }

    @Test
    void shouldRefuseWhenTheScriptHoldsMoreThanOneStatement() {
        assertThat(problems("-- flotilla:batch table=orders key=id size=10\n"
                        + "update orders set a = 1 where id > :lo and id <= :hi;\nanalyze orders;"))
                .contains("exactly one statement, found 2");
    }

    @Test
    void shouldRefuseWhenCombinedWithNoTransaction() {
        assertThat(problems("-- flotilla:no-transaction\n-- flotilla:batch table=orders key=id size=10\n"
                        + "update orders set a = 1 where id > :lo and id <= :hi;"))
                .contains("cannot be combined with no-transaction");
    }

    /** The problems of a script, one a line; the script is completed with a valid statement when it has none. */
    private static String problems(String script) {
        String text =
                script.contains("\n") ? script : script + "\nupdate orders set a = 1 where id > :lo and id <= :hi;";
        try {
            Script.read("0001_x.up.sql", text);
        } catch (CatalogException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected the script to be refused: " + text);
    }
}
