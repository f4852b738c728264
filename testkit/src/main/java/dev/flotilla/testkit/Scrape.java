package dev.flotilla.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One scrape of a service's Prometheus endpoint ({@code /q/metrics}), as a test asserts on it: every
 * sample by its series, written {@code name{label="value",…}} with the labels sorted by name and no
 * trailing comma, whatever order the registry wrote them in.
 *
 * @param samples series to value, in the order scraped
 */
public record Scrape(Map<String, Double> samples) {

    public Scrape {
        samples = Map.copyOf(samples);
    }

    /** Reads the endpoint once, in Prometheus' text format. */
    public static Scrape of(URI endpoint) {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response =
                    client.send(HttpRequest.newBuilder(endpoint).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(endpoint + " answered " + response.statusCode());
            }
            return parse(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scrape " + endpoint, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while scraping " + endpoint, e);
        }
    }

    /** The samples of Prometheus' text exposition format; comments and blank lines are skipped. */
    public static Scrape parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                Sample sample = sample(line.strip());
                samples.put(sample.series(), sample.value());
            }
        }
        return new Scrape(samples);
    }

    /** The value of a series, written as {@link Scrape} writes series. */
    public Optional<Double> value(String series) {
        return Optional.ofNullable(samples.get(series));
    }

    /** Every sample of the metric {@code name}, whatever its labels. */
    public Map<String, Double> named(String name) {
        Map<String, Double> named = new TreeMap<>();
        samples.forEach((series, value) -> {
            if (series.equals(name) || series.startsWith(name + "{")) {
                named.put(series, value);
            }
        });
        return named;
    }

    private record Sample(String series, double value) {}

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        if (brace < 0 || brace > space) {
            return new Sample(line.substring(0, space), number(line.substring(space + 1)));
        }
        Map<String, String> labels = new TreeMap<>();
        int i = brace + 1;
        while (line.charAt(i) != '}') {
            int equals = line.indexOf('=', i);
            String name = line.substring(i, equals).strip();
            StringBuilder value = new StringBuilder();
            int j = equals + 2;
            for (; line.charAt(j) != '"'; j++) {
                value.append(line.charAt(j));
                if (line.charAt(j) == '\\') {
                    value.append(line.charAt(++j));
                }
            }
            labels.put(name, value.toString());
            i = j + 1;
            while (line.charAt(i) == ',' || line.charAt(i) == ' ') {
                i++;
            }
        }
        StringBuilder series = new StringBuilder(line.substring(0, brace)).append('{');
        labels.forEach(
                (name, value) -> series.append(name).append("=\"").append(value).append("\","));
        series.setCharAt(series.length() - 1, '}');
        return new Sample(series.toString(), number(line.substring(i + 1)));
    }

    private static double number(String rest) {
        String value = rest.strip().split(" ")[0];
        return switch (value) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(value);
        };
    }
}
