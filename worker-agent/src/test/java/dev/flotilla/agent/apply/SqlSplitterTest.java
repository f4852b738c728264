package dev.flotilla.agent.apply;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlSplitterTest {

    @Test
    void shouldSplitAtTopLevelSemicolons() {
        assertThat(SqlSplitter.split("create table a (id int);\ncreate index concurrently i on a (id);\n"))
                .containsExactly("create table a (id int)", "create index concurrently i on a (id)");
    }

    @Test
    void shouldKeepSemicolonsWhenTheyAreQuoted() {
        assertThat(SqlSplitter.split("insert into t values ('a;b', 'it''s;');select \"we;ird\" from t"))
                .containsExactly("insert into t values ('a;b', 'it''s;')", "select \"we;ird\" from t");
    }

    @Test
    void shouldKeepDollarQuotedBodiesWhole() {
        String function = "create function f() returns int as $body$ begin return 1; end; $body$ language plpgsql";

        assertThat(SqlSplitter.split(function + ";\nselect $$a;b$$;")).containsExactly(function, "select $$a;b$$");
    }

    @Test
    void shouldIgnoreSemicolonsWhenTheyAreInComments() {
        assertThat(SqlSplitter.split("-- flotilla:no-transaction; really\n/* a; b */ select 1;\n-- trailing;\n"))
                .containsExactly("-- flotilla:no-transaction; really\n/* a; b */ select 1");
    }

    @Test
    void shouldNotTreatPositionalParametersAsDollarQuotes() {
        assertThat(SqlSplitter.split("prepare p as select $1; execute p(1);"))
                .containsExactly("prepare p as select $1", "execute p(1)");
    }
}
