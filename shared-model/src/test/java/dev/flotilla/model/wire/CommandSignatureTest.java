package dev.flotilla.model.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CommandSignatureTest {

    private static final KeyPair COORDINATOR = PlanSignature.generate();
    private static final String TOPIC = "flotilla.commands.eu";
    private static final byte[] EPOCH = Fencing.encode(7);
    private static final byte[] SENT = CommandSignature.sentAt(Instant.parse("2026-12-07T10:00:00Z"));
    private static final byte[] VALUE = "{\"type\":\"RunTenant\"}".getBytes(StandardCharsets.UTF_8);

    private static String signature() {
        return CommandSignature.sign(TOPIC, "tenant_1", EPOCH, SENT, VALUE, COORDINATOR.getPrivate());
    }

    @Test
    void shouldAcceptTheRecordTheCoordinatorSigned() {
        assertThat(CommandSignature.valid(TOPIC, "tenant_1", EPOCH, SENT, VALUE, signature(), COORDINATOR.getPublic()))
                .isTrue();
    }

    @Test
    void shouldRefuseARecordWhoseTenantTopicEpochTimeOrValueWasChanged() {
        String signature = signature();
        var key = COORDINATOR.getPublic();
        assertThat(CommandSignature.valid(TOPIC, "tenant_2", EPOCH, SENT, VALUE, signature, key))
                .isFalse();
        assertThat(CommandSignature.valid("flotilla.commands.us", "tenant_1", EPOCH, SENT, VALUE, signature, key))
                .isFalse();
        assertThat(CommandSignature.valid(TOPIC, "tenant_1", Fencing.encode(8), SENT, VALUE, signature, key))
                .isFalse();
        assertThat(CommandSignature.valid(TOPIC, "tenant_1", null, SENT, VALUE, signature, key))
                .isFalse();
        byte[] later = CommandSignature.sentAt(Instant.parse("2026-12-07T11:00:00Z"));
        assertThat(CommandSignature.valid(TOPIC, "tenant_1", EPOCH, later, VALUE, signature, key))
                .isFalse();
        byte[] altered = VALUE.clone();
        altered[3] ^= 1;
        assertThat(CommandSignature.valid(TOPIC, "tenant_1", EPOCH, SENT, altered, signature, key))
                .isFalse();
    }

    @Test
    void shouldRefuseARecordWithoutASignatureOrSignedByAnotherKey() {
        var key = COORDINATOR.getPublic();
        assertThat(CommandSignature.valid(TOPIC, "tenant_1", EPOCH, SENT, VALUE, null, key))
                .isFalse();
        assertThat(CommandSignature.valid(TOPIC, "tenant_1", EPOCH, SENT, VALUE, "not base64!", key))
                .isFalse();
        String other = CommandSignature.sign(
                TOPIC, "tenant_1", EPOCH, SENT, VALUE, PlanSignature.generate().getPrivate());
        assertThat(CommandSignature.valid(TOPIC, "tenant_1", EPOCH, SENT, VALUE, other, key))
                .isFalse();
    }

    @Test
    void shouldReadTheTimeItWasSentWhenTheHeaderHoldsOne() {
        assertThat(CommandSignature.sentAt(SENT)).contains(Instant.parse("2026-12-07T10:00:00Z"));
        assertThat(CommandSignature.sentAt("soon".getBytes(StandardCharsets.US_ASCII)))
                .isEmpty();
        assertThat(CommandSignature.sentAt((byte[]) null)).isEmpty();
    }

    @Test
    void shouldTellAnEmptyKeyFromNoKeyWhenSigning() {
        String signature = CommandSignature.sign(TOPIC, null, EPOCH, SENT, VALUE, COORDINATOR.getPrivate());
        assertThat(CommandSignature.valid(TOPIC, "", EPOCH, SENT, VALUE, signature, COORDINATOR.getPublic()))
                .isFalse();
    }
}
