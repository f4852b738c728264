package dev.flotilla.model.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;

class CommandSignatureTest {

    private static final KeyPair COORDINATOR = PlanSignature.generate();
    private static final String TOPIC = "flotilla.commands.eu";
    private static final byte[] EPOCH = Fencing.encode(7);
    private static final byte[] VALUE = "{\"type\":\"RunTenant\"}".getBytes(StandardCharsets.UTF_8);

    private static String signature() {
        return CommandSignature.sign(TOPIC, "tenant_1", EPOCH, VALUE, COORDINATOR.getPrivate());
    }

    @Test
    void shouldAcceptTheRecordTheCoordinatorSigned() {
        assertThat(CommandSignature.valid(TOPIC, "tenant_1", EPOCH, VALUE, signature(), COORDINATOR.getPublic()))
                .isTrue();
    }

    @Test
    void shouldRefuseARecordWhoseTenantTopicEpochOrValueWasChanged() {
        String signature = signature();
        var key = COORDINATOR.getPublic();
        assertThat(CommandSignature.valid(TOPIC, "tenant_2", EPOCH, VALUE, signature, key))
                .isFalse();
        assertThat(CommandSignature.valid("flotilla.commands.us", "tenant_1", EPOCH, VALUE, signature, key))
                .isFalse();
        assertThat(CommandSignature.valid(TOPIC, "tenant_1", Fencing.encode(8), VALUE, signature, key))
                .isFalse();
        assertThat(CommandSignature.valid(TOPIC, "tenant_1", null, VALUE, signature, key))
                .isFalse();
        byte[] altered = VALUE.clone();
        altered[3] ^= 1;
        assertThat(CommandSignature.valid(TOPIC, "tenant_1", EPOCH, altered, signature, key))
                .isFalse();
    }

    @Test
    void shouldRefuseARecordWithoutASignatureOrSignedByAnotherKey() {
        var key = COORDINATOR.getPublic();
        assertThat(CommandSignature.valid(TOPIC, "tenant_1", EPOCH, VALUE, null, key))
                .isFalse();
        assertThat(CommandSignature.valid(TOPIC, "tenant_1", EPOCH, VALUE, "not base64!", key))
                .isFalse();
        String other = CommandSignature.sign(
                TOPIC, "tenant_1", EPOCH, VALUE, PlanSignature.generate().getPrivate());
        assertThat(CommandSignature.valid(TOPIC, "tenant_1", EPOCH, VALUE, other, key))
                .isFalse();
    }

    @Test
    void shouldTellAnEmptyKeyFromNoKeyWhenSigning() {
        String signature = CommandSignature.sign(TOPIC, null, EPOCH, VALUE, COORDINATOR.getPrivate());
        assertThat(CommandSignature.valid(TOPIC, "", EPOCH, VALUE, signature, COORDINATOR.getPublic()))
                .isFalse();
    }
}
