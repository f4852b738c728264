package dev.flotilla.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The one source of the settings a single-node Kafka broker needs here ({@value #RESOURCE}): the
 * in-process {@link KafkaBroker} applies them, and the CLI's local stack writes them into its
 * standalone broker's {@code server.properties}, reading the same resource from this module's jar.
 */
public final class SingleNodeBroker {

    /** Where the settings live on the class path. */
    public static final String RESOURCE = "dev/flotilla/testkit/single-node-broker.properties";

    private SingleNodeBroker() {}

    /** The settings, sorted by name. */
    public static Map<String, String> settings() {
        return settings(SingleNodeBroker.class.getClassLoader());
    }

    /** The settings as {@code loader} finds them, sorted by name; fails when it finds none. */
    public static Map<String, String> settings(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            Properties properties = new Properties();
            properties.load(in);
            Map<String, String> settings = new TreeMap<>();
            properties.stringPropertyNames().forEach(name -> settings.put(name, properties.getProperty(name)));
            return settings;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
