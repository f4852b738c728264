package dev.flotilla.coordinator.rollout;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EnvironmentTest {

    @Test
    void shouldNeedNoConfirmationWhenTheEnvironmentIsNotProtected() {
        // then
        assertThatCode(() -> new Environment("staging", false).requireConfirmation("a rollback", null))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseSayingHowToConfirmWhenAProtectedEnvironmentIsNotNamed() {
        // given
        Environment production = new Environment("production", true);

        // then
        assertThatThrownBy(() -> production.requireConfirmation("a rollback", null))
                .isInstanceOf(RolloutActionRefused.class)
                .hasMessage("this coordinator serves the protected environment production: a rollback needs a"
                        + " confirmation naming it (\"confirm\": \"production\", --confirm production)");
        assertThatThrownBy(() -> production.requireConfirmation("a rollback", "staging"))
                .hasMessageEndingWith("'staging' is not it");
        assertThatCode(() -> production.requireConfirmation("a rollback", "production"))
                .doesNotThrowAnyException();
    }
}
