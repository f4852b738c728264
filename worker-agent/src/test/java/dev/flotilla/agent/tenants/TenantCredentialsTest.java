package dev.flotilla.agent.tenants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.agent.AgentConfig;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TenantCredentialsTest {

    @TempDir
    Path dir;

    private record Settings(
            Optional<String> password,
            Optional<Path> passwordFile,
            Optional<String> sslMode,
            Optional<Path> sslRootCert)
            implements AgentConfig.Postgres {

        @Override
        public String host() {
            return "db.example.com";
        }

        @Override
        public int port() {
            return 5432;
        }

        @Override
        public String user() {
            return "flotilla";
        }
    }

    @Test
    void shouldReadThePasswordFileEachTimeAPoolOpensSoARotatedSecretIsUsed() throws Exception {
        Path file = Files.writeString(dir.resolve("password"), "first-secret\n");
        TenantCredentials credentials = new TenantCredentials(
                new Settings(Optional.empty(), Optional.of(file), Optional.empty(), Optional.empty()));

        assertThat(credentials.password()).isEqualTo("first-secret");
        Files.writeString(file, "rotated-secret");
        assertThat(credentials.password()).isEqualTo("rotated-secret");
        assertThat(new TenantCredentials(new Settings(
                                Optional.of("inline"), Optional.empty(), Optional.empty(), Optional.empty()))
                        .password())
                .isEqualTo("inline");
    }

    @Test
    void shouldRefuseToStartWithSettingsThatCannotWorkNamingThePropertyButNeverThePassword() throws Exception {
        Path file = Files.writeString(dir.resolve("password"), "s3cret");
        Path missing = dir.resolve("missing");

        assertThatThrownBy(() -> new TenantCredentials(
                        new Settings(Optional.of("s3cret"), Optional.of(file), Optional.empty(), Optional.empty())))
                .hasMessageContaining("flotilla.agent.postgres.password and flotilla.agent.postgres.password-file")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> new TenantCredentials(
                        new Settings(Optional.empty(), Optional.of(missing), Optional.empty(), Optional.empty())))
                .hasMessageContaining("flotilla.agent.postgres.password-file: cannot read " + missing);
        assertThatThrownBy(() -> new TenantCredentials(
                        new Settings(Optional.empty(), Optional.empty(), Optional.of("on"), Optional.empty())))
                .hasMessageContaining(
                        "ssl-mode must be disable, allow, prefer, require, verify-ca or verify-full, was 'on'");
        assertThatThrownBy(() -> new TenantCredentials(
                        new Settings(Optional.empty(), Optional.empty(), Optional.of("verify-full"), Optional.empty())))
                .hasMessageContaining("ssl-mode verify-full needs flotilla.agent.postgres.ssl-root-cert");
    }

    @Test
    void shouldEncryptWithoutVerifyingForRequireAndVerifyTheCertificateAndHostForVerifyFull() throws Exception {
        PgConnectOptions plain = new PgConnectOptions();
        new TenantCredentials(new Settings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()))
                .secure(plain);
        assertThat(plain.getSslMode()).isEqualTo(SslMode.DISABLE);

        PgConnectOptions require = new PgConnectOptions();
        new TenantCredentials(
                        new Settings(Optional.empty(), Optional.empty(), Optional.of("REQUIRE"), Optional.empty()))
                .secure(require);
        assertThat(require.getSslMode()).isEqualTo(SslMode.REQUIRE);
        assertThat(require.isTrustAll()).isTrue();

        Path roots =
                Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
        PgConnectOptions full = new PgConnectOptions();
        new TenantCredentials(new Settings(
                        Optional.empty(), Optional.empty(), Optional.of("verify-full"), Optional.of(roots)))
                .secure(full);
        assertThat(full.getSslMode()).isEqualTo(SslMode.VERIFY_FULL);
        assertThat(full.isTrustAll()).isFalse();
        assertThat(full.getPemTrustOptions().getCertPaths()).containsExactly(roots.toString());
        assertThat(full.getHostnameVerificationAlgorithm()).isEqualTo("HTTPS");
    }
}
