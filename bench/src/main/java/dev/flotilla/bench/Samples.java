package dev.flotilla.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The timings of one contender for one measure, in the order they were taken. Pure. */
public record Samples(List<Duration> values) {

    public Samples {
        values = List.copyOf(values);
    }

    public static Samples empty() {
        return new Samples(List.of());
    }

    public Samples plus(Duration value) {
        List<Duration> more = new ArrayList<>(values);
        more.add(value);
        return new Samples(more);
    }

    public Duration min() {
        return values.stream().min(Duration::compareTo).orElseThrow(() -> new IllegalStateException("no samples"));
    }

    /** The middle value; with an even count, the mean of the two middle ones. */
    public Duration median() {
        if (values.isEmpty()) {
            throw new IllegalStateException("no samples");
        }
        List<Duration> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1
                ? sorted.get(middle)
                : sorted.get(middle - 1).plus(sorted.get(middle)).dividedBy(2);
    }

    public List<Long> millis() {
        return values.stream().map(Duration::toMillis).toList();
    }
}
