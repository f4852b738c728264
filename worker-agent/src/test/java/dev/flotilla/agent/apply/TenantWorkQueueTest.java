package dev.flotilla.agent.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TenantWorkQueueTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TenantWorkQueue queue = new TenantWorkQueue(2);

    @AfterEach
    void stop() {
        queue.shutdown();
    }

    @Test
    void shouldFailTheWorkNotFinishItWhenTheWorkIsInterrupted() {
        // when
        CompletableFuture<Void> interrupted = queue.submit("tenant_0001", () -> {
            throw new InterruptedException("stopping");
        });

        // then
        assertThat(interrupted)
                .failsWithin(WAIT)
                .withThrowableThat()
                .withRootCauseInstanceOf(InterruptedException.class);
    }

    @Test
    void shouldRunTheTenantsNextWorkWhenEarlierWorkWasInterrupted() {
        // given
        AtomicBoolean ran = new AtomicBoolean();
        queue.submit("tenant_0001", () -> {
            throw new InterruptedException("stopping");
        });

        // when
        CompletableFuture<Void> next = queue.submit("tenant_0001", () -> ran.set(true));

        // then
        assertThat(next).succeedsWithin(WAIT);
        assertThat(ran).isTrue();
    }
}
