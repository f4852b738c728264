package dev.flotilla.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessesTest {

    @Test
    void shouldSeeAZombieWhenTheStatLineSaysZ() {
        assertThat(Processes.isZombieStat("10233 (sleep) Z 1 10233 10233 0 -1 4228108 208"))
                .isTrue();
    }

    @Test
    void shouldNotSeeAZombieWhenTheProcessSleepsOrRuns() {
        assertThat(Processes.isZombieStat("10233 (java) S 1 10233 10233 0 -1")).isFalse();
        assertThat(Processes.isZombieStat("10233 (java) R 1 10233 10233 0 -1")).isFalse();
    }

    @Test
    void shouldReadTheStateAfterTheLastParenthesisWhenTheCommandNameHasOne() {
        assertThat(Processes.isZombieStat("77 (a) Z (b) S 1 77 77")).isFalse();
        assertThat(Processes.isZombieStat("77 (a) S (b) Z 1 77 77")).isTrue();
    }
}
