package dev.flotilla.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.model.wire.PlanSignature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustedKeyTest {

    @TempDir
    Path dir;

    @Test
    void shouldRefuseToStartWhenNoKeyIsTrustedAndInsecureIsNotSaid() {
        assertThatThrownBy(() -> new TrustedKey(Optional.empty(), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("flotilla.agent.trusted-plan-key")
                .hasMessageContaining("flotilla.agent.insecure=true");
    }

    @Test
    void shouldRunWithoutAKeyOnlyWhenInsecureIsSaid() {
        assertThat(new TrustedKey(Optional.empty(), true).key()).isEmpty();
    }

    @Test
    void shouldReadTheKeyWhenOneIsGiven() throws Exception {
        Path file = dir.resolve("trusted.pem");
        Files.writeString(file, PlanSignature.pem(PlanSignature.generate().getPublic()));
        assertThat(new TrustedKey(Optional.of(file.toString()), false).key()).isPresent();
    }

    @Test
    void shouldNameTheFileWhenTheKeyIsUnusable() throws Exception {
        Path file = dir.resolve("broken.pem");
        Files.writeString(file, "not a key");
        assertThatThrownBy(() -> new TrustedKey(Optional.of(file.toString()), false))
                .hasMessageContaining(file.toString());
    }
}
