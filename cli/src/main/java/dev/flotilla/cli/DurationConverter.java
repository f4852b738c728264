package dev.flotilla.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a duration as operators write one: {@code 90s}, {@code 10m}, {@code 2h}, {@code 1h30m}, or ISO {@code PT10M}. */
public final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    @Override
    public Duration convert(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (value.startsWith("p")) {
            try {
                return positive(Duration.parse(value.toUpperCase(Locale.ROOT)), text);
            } catch (java.time.format.DateTimeParseException e) {
                throw refused(text);
            }
        }
        Matcher part = PART.matcher(value);
        Duration total = Duration.ZERO;
        int at = 0;
        while (part.find() && part.start() == at) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(
                    switch (part.group(2)) {
                        case "ms" -> Duration.ofMillis(amount);
                        case "s" -> Duration.ofSeconds(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        case "h" -> Duration.ofHours(amount);
                        default -> Duration.ofDays(amount);
                    });
            at = part.end();
        }
        if (at == 0 || at != value.length()) {
            throw refused(text);
        }
        return positive(total, text);
    }

    private static Duration positive(Duration duration, String text) {
        if (duration.isZero() || duration.isNegative()) {
            throw new TypeConversionException("'" + text + "' is not a positive duration");
        }
        return duration;
    }

    private static TypeConversionException refused(String text) {
        return new TypeConversionException(
                "'" + text + "' is not a duration: write a number with a unit, e.g. 90s, 10m, 2h or 1h30m");
    }
}
