package dev.flotilla.model.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.model.catalog.Version;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanSignatureTest {

    private static final KeyPair COORDINATOR = PlanSignature.generate();
    private static final List<PlanStep> STEPS = List.of(step("create table t (id int);"));

    private static PlanStep step(String sql) {
        return new PlanStep(Version.of("0001"), "create", sql, "c1", true, null, null, true, null, null);
    }

    private static PlanPublished plan(List<PlanStep> steps) {
        return new PlanPublished(PlanPublished.contentId(steps), steps);
    }

    @Test
    void shouldTrustAPlanWhenItsCoordinatorSignedIt() {
        // given
        PlanPublished signed = plan(STEPS).signedWith(COORDINATOR.getPrivate());

        // when
        boolean trusted = signed.trustedBy(COORDINATOR.getPublic());

        // then
        assertThat(trusted).isTrue();
    }

    @Test
    void shouldNotTrustAPlanWhenItIsUnsignedSignedByAnotherKeyOrItsContentWasChanged() {
        // given
        PlanPublished unsigned = plan(STEPS);
        PlanPublished otherKey = plan(STEPS).signedWith(PlanSignature.generate().getPrivate());
        PlanPublished signed = plan(STEPS).signedWith(COORDINATOR.getPrivate());
        List<PlanStep> altered = List.of(step("drop table users;"));
        PlanPublished tampered = new PlanPublished(signed.planId(), altered, signed.signature());
        PlanPublished garbled = new PlanPublished(signed.planId(), STEPS, "not base64 !");

        // then
        assertThat(unsigned.trustedBy(COORDINATOR.getPublic())).isFalse();
        assertThat(otherKey.trustedBy(COORDINATOR.getPublic())).isFalse();
        assertThat(tampered.trustedBy(COORDINATOR.getPublic())).isFalse();
        assertThat(garbled.trustedBy(COORDINATOR.getPublic())).isFalse();
    }

    @Test
    void shouldReadBackTheSameKeysWhenTheyAreWrittenAsPem() {
        // given
        String privatePem = PlanSignature.pem(COORDINATOR.getPrivate());
        String publicPem = PlanSignature.pem(COORDINATOR.getPublic());

        // when
        PlanPublished signed = plan(STEPS).signedWith(PlanSignature.privateKey(privatePem));

        // then
        assertThat(privatePem).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(signed.trustedBy(PlanSignature.publicKey(publicPem))).isTrue();
    }

    @Test
    void shouldSayWhatIsWrongWhenAKeyFileHoldsSomethingElse() {
        // given
        String publicPem = PlanSignature.pem(COORDINATOR.getPublic());

        // then
        assertThatThrownBy(() -> PlanSignature.privateKey(publicPem))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BEGIN PRIVATE KEY");
        assertThatThrownBy(() -> PlanSignature.publicKey("-----BEGIN PUBLIC KEY-----\n%%%\n-----END PUBLIC KEY-----"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not base64");
    }

    @Test
    void shouldKeepTheSignatureWhenAPlanTravelsThroughTheCodec() {
        // given
        PlanPublished signed = plan(STEPS).signedWith(COORDINATOR.getPrivate());

        // when
        Envelope<Payload> decoded =
                WireCodec.decode(WireCodec.encode(Envelope.of(null, null, java.time.Instant.EPOCH, signed)));

        // then
        assertThat(((PlanPublished) decoded.payload()).trustedBy(COORDINATOR.getPublic()))
                .isTrue();
    }
}
