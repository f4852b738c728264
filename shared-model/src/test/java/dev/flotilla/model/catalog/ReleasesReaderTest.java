package dev.flotilla.model.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReleasesReaderTest {

    private static final Catalog CATALOG = TestCatalogs.ofSize(6);

    @Test
    void shouldReadEveryFieldAndSortMigrationsInCatalogOrderWhenTheFileIsValid() {
        // given
        String yaml = """
                releases:
                  - name: "1.0.0"
                    description: The start
                    migrations: ["0002", "0001"]
                  - name: "1.1.0"
                    description: Invoices
                    migrations: ["0003", "0005"]
                    breaking:
                      - invoices.due_at is required
                    notes: Backfill first.
                """;

        // when
        List<Release> releases = ReleasesReader.parse(yaml, CATALOG);

        // then
        assertThat(releases).extracting(Release::name).containsExactly("1.0.0", "1.1.0");
        assertThat(releases.get(0).migrations()).containsExactly(Version.of("0001"), Version.of("0002"));
        assertThat(releases.get(0).upTo()).isEqualTo(Version.of("0002"));
        assertThat(releases.get(0).breaking()).isEmpty();
        assertThat(releases.get(1).upTo()).isEqualTo(Version.of("0005"));
        assertThat(releases.get(1).breaking()).containsExactly("invoices.due_at is required");
        assertThat(releases.get(1).notes()).isEqualTo("Backfill first.");
    }

    @Test
    void shouldHaveNoReleasesWhenTheDirectoryHasNoReleasesFile(@TempDir Path directory) throws Exception {
        // when
        List<Release> releases = ReleasesReader.read(directory, CATALOG);

        // then
        assertThat(releases).isEmpty();
    }

    @Test
    void shouldReadTheFileOfTheDirectoryWhenItExists(@TempDir Path directory) throws Exception {
        // given
        Files.writeString(
                directory.resolve("releases.yaml"), "releases:\n  - name: \"2.0\"\n    migrations: [\"0006\"]\n");

        // when
        List<Release> releases = ReleasesReader.read(directory, CATALOG);

        // then
        assertThat(releases).singleElement().extracting(Release::name).isEqualTo("2.0");
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of(
                        "a migration not in the catalog",
                        "releases:\n  - name: a\n    migrations: [\"0001\"]\n  - name: b\n    migrations: [\"0099\"]\n",
                        "releases.yaml:4: release b lists migration 0099, which is not in the catalog"),
                Arguments.of(
                        "a name used twice",
                        "releases:\n  - name: a\n    migrations: [\"0001\"]\n  - name: a\n    migrations: [\"0002\"]\n",
                        "releases.yaml:4: release a is already defined at line 2"),
                Arguments.of(
                        "a migration in two releases",
                        "releases:\n  - name: a\n    migrations: [\"0001\"]\n  - name: b\n    migrations: [\"0001\", \"0002\"]\n",
                        "releases.yaml:4: migration 0001 is already in release a"),
                Arguments.of(
                        "releases out of catalog order",
                        "releases:\n  - name: a\n    migrations: [\"0003\"]\n  - name: b\n    migrations: [\"0002\"]\n",
                        "releases.yaml:4: release b has a migration that comes before the end of release a"),
                Arguments.of(
                        "an unquoted version",
                        "releases:\n  - name: a\n    migrations: [1]\n",
                        "releases.yaml:2: release a: '1' is not a version"),
                Arguments.of(
                        "no migrations", "releases:\n  - name: a\n", "releases.yaml:2: release a needs migrations"),
                Arguments.of(
                        "no name",
                        "releases:\n  - migrations: [\"0001\"]\n",
                        "releases.yaml:2: a release needs a name"),
                Arguments.of(
                        "an unknown field",
                        "releases:\n  - name: a\n    migrations: [\"0001\"]\n    breaking_changes: []\n",
                        "releases.yaml:2: unknown field breaking_changes"),
                Arguments.of(
                        "a release that is not a mapping",
                        "releases:\n  - name: a\n    migrations: [\"0001\"]\n  - \"1.1.0\"\n",
                        "releases.yaml:4: a release is a mapping with a name and migrations"),
                Arguments.of(
                        "a key beside releases",
                        "releases:\n  - name: a\n    migrations: [\"0001\"]\nversion: 2\n",
                        "releases.yaml:4: unknown key version"),
                Arguments.of(
                        "a breaking change that is not text",
                        "releases:\n  - name: a\n    migrations: [\"0001\"]\n    breaking: [{x: 1}]\n",
                        "releases.yaml:2: release a: each breaking change is a line of text"),
                Arguments.of(
                        "another top-level shape",
                        "- name: a\n",
                        "releases.yaml:1: expected a mapping with one key, releases"),
                Arguments.of("text that is not YAML", "releases:\n  - name: [a\n", "releases.yaml:2: not valid YAML"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void shouldNameTheFileAndLineWhenTheReleasesFileIsMalformed(String problem, String yaml, String expected) {
        assertThatThrownBy(() -> ReleasesReader.parse(yaml, CATALOG))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining(expected);
    }
}
