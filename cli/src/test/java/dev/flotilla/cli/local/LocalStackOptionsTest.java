package dev.flotilla.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class LocalStackOptionsTest {

    @Command
    static final class Holder {
        @Mixin
        LocalStackOptions options;
    }

    private static LocalStackOptions parse(String... args) {
        Holder holder = new Holder();
        new CommandLine(holder).parseArgs(args);
        return holder.options;
    }

    @Test
    void shouldUseTheDocumentedDefaultsWhenNothingIsGiven() {
        LocalStackOptions options = parse();

        options.validate();
        assertThat(options.tenants()).isEqualTo(24);
        assertThat(options.sites()).isEqualTo(1);
        assertThat(options.port()).isEqualTo(8080);
        assertThat(options.pg()).isNull();
    }

    @Test
    void shouldRejectTenantsWhenOutsideTheRange() {
        assertThatThrownBy(() -> parse("--tenants", "0").validate()).hasMessageStartingWith("--tenants");
        assertThatThrownBy(() -> parse("--tenants", "10000").validate()).hasMessageStartingWith("--tenants");
    }

    @Test
    void shouldRejectSitesWhenTheyOutnumberTheTenants() {
        assertThatThrownBy(() -> parse("--tenants", "3", "--sites", "4").validate())
                .hasMessageStartingWith("--sites");
        assertThatThrownBy(() -> parse("--sites", "0").validate()).hasMessageStartingWith("--sites");
    }

    @Test
    void shouldRejectACapacityOutsideOneTo256() {
        assertThatThrownBy(() -> parse("--capacity", "0").validate()).hasMessageStartingWith("--capacity");
        assertThatThrownBy(() -> parse("--capacity", "257").validate()).hasMessageStartingWith("--capacity");
    }

    @Test
    void shouldRejectAPortWhenItIsNotATcpPort() {
        assertThatThrownBy(() -> parse("--port", "0").validate()).hasMessageStartingWith("--port");
    }

    @Test
    void shouldRejectPgAndEmbeddedPgTogether() {
        assertThatThrownBy(() -> parse("--pg", "h:1", "--embedded-pg").validate())
                .hasMessageContaining("exclude each other");
    }

    @Test
    void shouldParsePgWhenItIsHostAndPort() {
        LocalStackOptions options = parse("--pg", "db:6543");

        options.validate();
        assertThat(options.pg()).isEqualTo(new HostPort("db", 6543));
    }

    @Test
    void shouldFallBackToTheCheckoutWhenTheMigrationsDirIsNotInTheWorkingDirectory() {
        LocalStackOptions options = parse("--migrations", "no-such-dir-here");

        assertThat(options.migrationsDir(new FlotillaHome(Path.of("/opt/flotilla"))))
                .isEqualTo(Path.of("/opt/flotilla/no-such-dir-here"));
    }
}
