package dev.flotilla.coordinator.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The webhooks notifications go to, and how they are sent ({@code flotilla.notifications.*},
 * docs/operations.md "Notifications"). Each webhook has a name of the operator's choosing:
 * {@code flotilla.notifications.webhooks.ops.url=https://hooks.slack.com/services/…}.
 */
@ConfigMapping(prefix = "flotilla.notifications")
public interface NotificationSettings {

    /** By name; none by default. */
    Map<String, Webhook> webhooks();

    /** The dashboard's address as people reach it, for the links in the messages. */
    @WithDefault("http://localhost:8080")
    String dashboardUrl();

    /** How often due notifications are looked for (and sent). */
    @WithDefault("1s")
    Duration checkInterval();

    /** How long one delivery attempt may take, connecting included. */
    @WithDefault("10s")
    Duration timeout();

    /** The wait before the first retry; it doubles with each failed attempt, up to {@link #maxBackoff()}. */
    @WithDefault("5s")
    Duration backoff();

    @WithDefault("10m")
    Duration maxBackoff();

    /** After this many failed attempts a notification is given up (and stays listed as such). */
    @WithDefault("12")
    int maxAttempts();

    interface Webhook {

        /** Where the JSON body is POSTed. */
        String url();

        /**
         * Which notices it gets (rollout-halted, tenant-failed, approval-waiting, rollout-completed,
         * rollout-rolled-back); every kind when absent.
         */
        Optional<Set<String>> events();
    }
}
