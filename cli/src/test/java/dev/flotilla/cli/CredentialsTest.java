package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {

    private static final String LOCAL = "http://127.0.0.1:8080";

    @TempDir
    Path home;

    @Test
    void shouldPreferTheEnvironmentWhenATokenIsGivenThere() throws Exception {
        writeConfig("flt_config");
        assertThat(Credentials.token(Map.of("FLOTILLA_TOKEN", " flt_env "), home, LOCAL, LOCAL, "flt_local"))
                .contains("flt_env");
    }

    @Test
    void shouldReadTheNamedFileThenTheConfigFileWhenNoTokenIsInTheEnvironment() throws Exception {
        Path file = home.resolve("ci-token");
        Files.writeString(file, "flt_file\n");
        writeConfig("flt_config");
        assertThat(Credentials.token(Map.of("FLOTILLA_TOKEN_FILE", file.toString()), home, LOCAL, LOCAL, null))
                .contains("flt_file");
        assertThat(Credentials.token(Map.of(), home, LOCAL, LOCAL, "flt_local")).contains("flt_config");
    }

    @Test
    void shouldUseTheLocalStacksTokenOnlyForTheLocalStack() {
        assertThat(Credentials.token(Map.of(), home, LOCAL, LOCAL, "flt_local")).contains("flt_local");
        assertThat(Credentials.token(Map.of(), home, "https://flotilla.example.com", LOCAL, "flt_local"))
                .isEmpty();
    }

    @Test
    void shouldSayWhichFileIsMissingWhenTheNamedTokenFileIsNotThere() {
        assertThatThrownBy(() -> Credentials.token(
                        Map.of("FLOTILLA_TOKEN_FILE", "/nonexistent/token"), home, LOCAL, LOCAL, null))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("/nonexistent/token");
    }

    @Test
    void shouldHonourXdgConfigHomeWhenItIsSet() throws Exception {
        Path xdg = home.resolve("xdg");
        Files.createDirectories(xdg.resolve("flotilla"));
        Files.writeString(xdg.resolve("flotilla/token"), "flt_xdg");
        assertThat(Credentials.token(Map.of("XDG_CONFIG_HOME", xdg.toString()), home, LOCAL, null, null))
                .contains("flt_xdg");
    }

    private void writeConfig(String token) throws Exception {
        Files.createDirectories(home.resolve(".config/flotilla"));
        Files.writeString(home.resolve(".config/flotilla/token"), token);
    }
}
