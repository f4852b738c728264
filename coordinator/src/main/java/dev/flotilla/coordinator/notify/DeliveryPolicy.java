package dev.flotilla.coordinator.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What one delivery attempt's answer means for its notification: delivered (a 2xx), given up (a
 * refusal that will not change: a 4xx other than 408 and 429, or the last attempt allowed), or tried
 * again after a pause that doubles from {@code backoff} up to {@code maxBackoff}, or after the
 * webhook's own {@code Retry-After} when it said one. Pure.
 */
record DeliveryPolicy(Duration backoff, Duration maxBackoff, int maxAttempts) {

    /** The decision; {@code retryAt} is set only for a retry. */
    record Decision(boolean delivered, Instant retryAt) {

        static final Decision DELIVERED = new Decision(true, null);
        static final Decision GIVE_UP = new Decision(false, null);

        boolean givenUp() {
            return !delivered && retryAt == null;
        }
    }

    /**
     * @param status the webhook's HTTP status; null when it did not answer
     * @param retryAfter its {@code Retry-After} header, if any
     * @param failures the failed attempts so far, this one included
     */
    Decision decide(Integer status, Optional<String> retryAfter, int failures, Instant now) {
        if (status != null && status / 100 == 2) {
            return Decision.DELIVERED;
        }
        boolean refused = status != null && status / 100 == 4 && status != 408 && status != 429;
        if (refused || failures >= maxAttempts) {
            return Decision.GIVE_UP;
        }
        Duration pause = retryAfter.flatMap(DeliveryPolicy::seconds).orElseGet(() -> pause(failures));
        return new Decision(false, now.plus(pause.compareTo(maxBackoff) > 0 ? maxBackoff : pause));
    }

    /** The pause after {@code failures} failed attempts: {@code backoff}, doubled each time, at most {@code maxBackoff}. */
    Duration pause(int failures) {
        Duration pause = backoff;
        for (int i = 1; i < failures && pause.compareTo(maxBackoff) < 0; i++) {
            pause = pause.multipliedBy(2);
        }
        return pause.compareTo(maxBackoff) > 0 ? maxBackoff : pause;
    }

    /** A {@code Retry-After} in seconds (the HTTP-date form is not used by webhooks' rate limits). */
    private static Optional<Duration> seconds(String header) {
        try {
            long seconds = Long.parseLong(header.strip());
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
