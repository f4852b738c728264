package dev.flotilla.model.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogReaderTest {

    @TempDir
    Path dir;

    private void file(String name, String content) throws IOException {
        Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private List<Problem> problems() {
        try {
            CatalogReader.read(dir);
        } catch (CatalogException e) {
            return e.problems();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected the directory to be rejected");
    }

    @Test
    void shouldOrderMigrationsNumericallyWhenVersionsHaveDifferentWidths() throws IOException {
        file("10_ten.up.sql", "create table ten (id int);");
        file("0002_two.up.sql", "create table two (id int);");
        file("0002_two.down.sql", "drop table two;");

        Catalog catalog = CatalogReader.read(dir);

        assertThat(catalog.migrations()).extracting(m -> m.version().text()).containsExactly("0002", "10");
        assertThat(catalog.migrations().get(0).down()).isPresent();
        assertThat(catalog.migrations().get(1).down()).isEmpty();
        assertThat(catalog.latest()).contains(Version.of("10"));
    }

    @Test
    void shouldIgnoreFilesThatAreNotSqlWhenReading() throws IOException {
        file("0001_init.up.sql", "create table a (id int);");
        file("releases.yaml", "releases: []");
        file("README.md", "# notes");

        assertThat(CatalogReader.read(dir).migrations()).hasSize(1);
    }

    @Test
    void shouldGiveTheSameChecksumWhenLineEndingsAreCrlf() throws IOException {
        file("0001_a.up.sql", "create table a (\n  id int\n);\n");
        file("0002_b.up.sql", "create table a (\r\n  id int\r\n);\r\n");

        Catalog catalog = CatalogReader.read(dir);

        assertThat(catalog.migrations().get(0).checksum())
                .isEqualTo(catalog.migrations().get(1).checksum())
                .isEqualTo(Checksum.of("create table a (\n  id int\n);\n"))
                .hasSize(64);
        assertThat(catalog.migrations().get(1).up().sql()).doesNotContain("\r");
    }

    @Test
    void shouldChangeTheChecksumWhenTheScriptChanges() {
        assertThat(Checksum.of("select 1;")).isNotEqualTo(Checksum.of("select 2;"));
    }

    @Test
    void shouldReadDirectivesWhenTheyLeadTheScript() throws IOException {
        file(
                "0001_idx.up.sql",
                "-- adds an index\n-- flotilla:no-transaction\n--flotilla: lock-timeout 5s\n"
                        + "-- flotilla:statement-timeout 10m\ncreate index concurrently i on t (c);");

        Directives directives = CatalogReader.read(dir).migrations().get(0).up().directives();

        assertThat(directives.transactional()).isFalse();
        assertThat(directives.lockTimeout()).contains(Duration.ofSeconds(5));
        assertThat(directives.statementTimeout()).contains(Duration.ofMinutes(10));
        assertThat(directives.irreversible()).isFalse();
    }

    @Test
    void shouldBeTransactionalWhenNoDirectiveIsGiven() throws IOException {
        file("0001_a.up.sql", "create table a (id int);");

        assertThat(CatalogReader.read(dir).migrations().get(0).up().directives())
                .isEqualTo(Directives.DEFAULT);
    }

    @Test
    void shouldRejectDuplicateVersionWhenTwoUpScriptsShareIt() throws IOException {
        file("0003_a.up.sql", "select 1;");
        file("3_b.up.sql", "select 1;");

        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("3_b.up.sql");
            assertThat(p.line()).isEqualTo(1);
            assertThat(p.message()).contains("duplicate version 3").contains("0003_a.up.sql");
        });
    }

    @Test
    void shouldRejectDownWithoutUpWhenTheUpScriptIsMissing() throws IOException {
        file("0001_a.up.sql", "select 1;");
        file("0002_b.down.sql", "drop table b;");

        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("0002_b.down.sql");
            assertThat(p.message()).contains("down script without an up script").contains("0002_b.up.sql");
        });
    }

    @Test
    void shouldRejectDownWhoseNameDiffersFromItsUp() throws IOException {
        file("0001_a.up.sql", "select 1;");
        file("0001_b.down.sql", "select 1;");

        assertThat(problems()).singleElement().satisfies(p -> assertThat(p.message())
                .contains("differs"));
    }

    @Test
    void shouldRejectEmptyScriptWhenItHasOnlyCommentsAndBlankLines() throws IOException {
        file("0001_a.up.sql", "-- nothing here yet\n\n   \n");

        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("0001_a.up.sql");
            assertThat(p.line()).isEqualTo(1);
            assertThat(p.message()).startsWith("empty script");
        });
    }

    @Test
    void shouldRejectBadNamesWhenTheyDoNotFollowThePattern() throws IOException {
        file("V1__init.sql", "select 1;");
        file("0001_Add-Users.up.sql", "select 1;");
        file("0002_users.sql", "select 1;");

        assertThat(problems())
                .extracting(Problem::file)
                .containsExactlyInAnyOrder("V1__init.sql", "0001_Add-Users.up.sql", "0002_users.sql");
        assertThat(problems()).allSatisfy(p -> assertThat(p.message()).contains("does not match"));
    }

    @Test
    void shouldRejectUnknownDirectiveWithItsLine() throws IOException {
        file("0001_a.up.sql", "-- header\n-- flotilla:no-transactions\ncreate table a (id int);");

        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("0001_a.up.sql");
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.message()).contains("unknown directive 'no-transactions'");
        });
    }

    @Test
    void shouldRejectDirectiveWhenItComesAfterTheFirstStatement() throws IOException {
        file("0001_a.up.sql", "create table a (id int);\n-- flotilla:no-transaction\n");

        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.message()).contains("must come before the first SQL statement");
        });
    }

    @Test
    void shouldRejectMalformedDurationWhenATimeoutHasNoUnit() throws IOException {
        file("0001_a.up.sql", "-- flotilla:lock-timeout 5\nselect 1;");

        assertThat(problems()).singleElement().satisfies(p -> assertThat(p.message())
                .contains("needs a duration"));
    }

    @Test
    void shouldRejectDownScriptWhenTheMigrationIsIrreversible() throws IOException {
        file("0001_a.up.sql", "-- flotilla:irreversible\ndrop table legacy;");
        file("0001_a.down.sql", "create table legacy (id int);");

        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("0001_a.down.sql");
            assertThat(p.message()).contains("irreversible");
        });
    }

    @Test
    void shouldReportEveryProblemWhenSeveralFilesAreBad() throws IOException {
        file("0001_a.up.sql", "");
        file("0002_b.down.sql", "select 1;");
        file("bad.sql", "select 1;");

        assertThat(problems()).hasSize(3);
    }

    @Test
    void shouldRejectFileWhenItIsNotUtf8() throws IOException {
        Files.write(dir.resolve("0001_a.up.sql"), new byte[] {'s', (byte) 0xff, (byte) 0xfe, ';'});

        assertThat(problems()).singleElement().satisfies(p -> assertThat(p.message())
                .contains("UTF-8"));
    }

    @Test
    void shouldListFileAndLineInTheExceptionMessage() throws IOException {
        file("0001_a.up.sql", "-- flotilla:bogus\nselect 1;");

        assertThatThrownBy(() -> CatalogReader.read(dir))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("0001_a.up.sql:1: unknown directive 'bogus'");
    }

    @Test
    void shouldRejectDirectiveLookalikesWhenTheyWouldOtherwiseBeIgnored() throws IOException {
        file("0001_a.up.sql", "-- FLOTILLA:no-transaction\n-- flotilla no-transaction\nselect 1;");

        assertThat(problems()).extracting(Problem::line).containsExactly(1, 2);
        assertThat(problems()).allSatisfy(p -> assertThat(p.message()).contains("malformed directive"));
    }

    @Test
    void shouldReadDirectivesWhenTheFileStartsWithAByteOrderMark() throws IOException {
        file("0001_a.up.sql", "\uFEFF-- flotilla:no-transaction\ncreate index concurrently i on t (c);");
        file("0002_b.up.sql", "-- flotilla:no-transaction\ncreate index concurrently i on t (c);");

        Catalog catalog = CatalogReader.read(dir);

        assertThat(catalog.migrations().get(0).up().directives().transactional())
                .isFalse();
        assertThat(catalog.migrations().get(0).checksum())
                .isEqualTo(catalog.migrations().get(1).checksum());
    }
}
