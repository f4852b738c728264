package dev.flotilla.model.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlTextTest {

    @Test
    void shouldSplitAtTopLevelSemicolons() {
        assertThat(SqlText.split("create table a (id int);\ncreate index concurrently i on a (id);\n"))
                .containsExactly("create table a (id int)", "create index concurrently i on a (id)");
    }

    @Test
    void shouldKeepSemicolonsWhenTheyAreQuoted() {
        assertThat(SqlText.split("insert into t values ('a;b', 'it''s;');select \"we;ird\" from t"))
                .containsExactly("insert into t values ('a;b', 'it''s;')", "select \"we;ird\" from t");
    }

    @Test
    void shouldKeepDollarQuotedBodiesWhole() {
        String function = "create function f() returns int as $body$ begin return 1; end; $body$ language plpgsql";

        assertThat(SqlText.split(function + ";\nselect $$a;b$$;")).containsExactly(function, "select $$a;b$$");
    }

    @Test
    void shouldIgnoreSemicolonsWhenTheyAreInComments() {
        assertThat(SqlText.split("-- flotilla:no-transaction; really\n/* a; b */ select 1;\n-- trailing;\n"))
                .containsExactly("-- flotilla:no-transaction; really\n/* a; b */ select 1");
    }

    @Test
    void shouldNotTreatPositionalParametersAsDollarQuotes() {
        assertThat(SqlText.split("prepare p as select $1; execute p(1);"))
                .containsExactly("prepare p as select $1", "execute p(1)");
    }

    @Test
    void shouldFindPlaceholdersWhenOutsideQuotesCommentsAndCasts() {
        String sql = "update t set note = ':nope' /* :no */ -- :never\n where id > :lo and id <= :hi and x::int > 0";

        assertThat(SqlText.placeholders(sql)).containsExactly("lo", "hi");
    }

    @Test
    void shouldBindPlaceholdersWhenTheyAreGiven() {
        String bound = SqlText.bind(
                "update t set c = c + 1, s = ':lo' where id > :lo and id <= :hi and :other::int = 1;",
                java.util.Map.of("lo", "$1", "hi", "$2"));

        assertThat(bound).isEqualTo("update t set c = c + 1, s = ':lo' where id > $1 and id <= $2 and :other::int = 1");
    }
}
