package dev.flotilla.cli.local;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * How to tell that a started process of the local stack is useful, recorded with it so that
 * {@code local restart} waits for the same thing {@code local up} waited for.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Readiness.Listening.class, name = "listening"),
    @JsonSubTypes.Type(value = Readiness.HttpOk.class, name = "http-ok")
})
public sealed interface Readiness {

    /** Ready once something accepts TCP connections at {@code host:port} (the broker, PostgreSQL). */
    record Listening(String host, int port) implements Readiness {}

    /** Ready once {@code GET url} answers 200 (a Quarkus service's {@code /q/health/ready}). */
    record HttpOk(String url) implements Readiness {}

    /** The health check of a Quarkus service listening on {@code 127.0.0.1:httpPort}. */
    static Readiness quarkusReady(int httpPort) {
        return new HttpOk("http://127.0.0.1:" + httpPort + "/q/health/ready");
    }

    /** A short description for messages: what is waited for. */
    default String describe() {
        return switch (this) {
            case Listening l -> "a listener on " + l.host() + ":" + l.port();
            case HttpOk h -> "200 from " + h.url();
        };
    }
}
