package dev.flotilla.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every contender's samples, and the table and ratios the benchmark reports. Pure: rendering and
 * ratios depend only on the samples.
 */
public final class Results {

    /** The two measures of a round. */
    public enum Measure {
        MIGRATE,
        RECHECK
    }

    private final Map<String, Map<Measure, Samples>> byContender = new LinkedHashMap<>();

    public void add(String contender, Measure measure, Duration value) {
        byContender
                .computeIfAbsent(contender, c -> new LinkedHashMap<>())
                .merge(measure, Samples.empty().plus(value), (old, one) -> old.plus(value));
    }

    public Optional<Samples> samples(String contender, Measure measure) {
        return Optional.ofNullable(byContender.getOrDefault(contender, Map.of()).get(measure));
    }

    /** {@code numerator}'s median over {@code denominator}'s, when both were measured. */
    public Optional<Double> ratio(String numerator, String denominator, Measure measure) {
        return samples(numerator, measure).flatMap(n -> samples(denominator, measure)
                .map(d -> (double) n.median().toNanos() / d.median().toNanos()));
    }

    public Map<String, Map<Measure, Samples>> all() {
        return byContender;
    }

    /** One line per contender (min and median of each measure), then the ratios the targets are about. */
    public String table() {
        StringBuilder out = new StringBuilder(String.format(
                Locale.ROOT,
                "%-10s %12s %12s %14s %14s%n",
                "contender",
                "migrate min",
                "median",
                "re-check min",
                "median"));
        byContender.forEach((contender, measures) -> out.append(String.format(
                Locale.ROOT,
                "%-10s %12s %12s %14s %14s%n",
                contender,
                seconds(measures.get(Measure.MIGRATE), Samples::min),
                seconds(measures.get(Measure.MIGRATE), Samples::median),
                seconds(measures.get(Measure.RECHECK), Samples::min),
                seconds(measures.get(Measure.RECHECK), Samples::median))));
        ratioLine(out, "flotilla/raw", "flotilla", "raw", "target <= 1.25");
        ratioLine(out, "flyway/flotilla", "flyway", "flotilla", "target >= 3");
        return out.toString();
    }

    private void ratioLine(StringBuilder out, String label, String numerator, String denominator, String target) {
        Optional<Double> migrate = ratio(numerator, denominator, Measure.MIGRATE);
        Optional<Double> recheck = ratio(numerator, denominator, Measure.RECHECK);
        if (migrate.isPresent() || recheck.isPresent()) {
            out.append(String.format(
                    Locale.ROOT,
                    "%-16s migrate %s (%s), re-check %s%n",
                    label,
                    migrate.map(r -> String.format(Locale.ROOT, "%.2f", r)).orElse("-"),
                    target,
                    recheck.map(r -> String.format(Locale.ROOT, "%.2f", r)).orElse("-")));
        }
    }

    private static String seconds(Samples samples, java.util.function.Function<Samples, Duration> pick) {
        return samples == null
                ? "-"
                : String.format(Locale.ROOT, "%.3fs", pick.apply(samples).toNanos() / 1e9);
    }
}
