package dev.flotilla.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which coordinator leads, as its log tells an operator: a coordinator that takes the advisory lock
 * logs {@code leadership taken epoch=N} (the fencing epoch it raised), and {@code leadership lost}
 * when its lock's connection fails a check.
 */
final class LeaderLog {

    private static final Pattern TAKEN = Pattern.compile("leadership taken epoch=(\\d+)");
    private static final String LOST = "leadership lost";

    /** A coordinator that leads, and the epoch it took the lead with. */
    record Leader(ServiceProcess process, long epoch) {}

    private LeaderLog() {}

    /**
     * The epoch {@code coordinator} took the lead with since its last start, if it is running and its
     * log says it has not lost the lead since; empty when it stands by.
     */
    static OptionalLong heldEpoch(ServiceProcess coordinator) throws IOException {
        if (!coordinator.alive()) {
            return OptionalLong.empty();
        }
        String log = coordinator.logSinceStart();
        Matcher taken = TAKEN.matcher(log);
        OptionalLong epoch = OptionalLong.empty();
        int end = -1;
        while (taken.find()) {
            epoch = OptionalLong.of(Long.parseLong(taken.group(1)));
            end = taken.end();
        }
        return end >= 0 && log.indexOf(LOST, end) < 0 ? epoch : OptionalLong.empty();
    }

    /** Waits until exactly one of {@code coordinators} leads by its log; returns it. */
    static Leader awaitLeader(List<ServiceProcess> coordinators) {
        List<Leader> leaders = new ArrayList<>();
        await("exactly one of " + coordinators.size() + " coordinators leading")
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    leaders.clear();
                    for (ServiceProcess coordinator : coordinators) {
                        heldEpoch(coordinator).ifPresent(epoch -> leaders.add(new Leader(coordinator, epoch)));
                    }
                    return leaders.size() == 1;
                });
        return leaders.getFirst();
    }
}
