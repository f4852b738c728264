package dev.flotilla.coordinator.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Runs Hibernate Reactive work on the Vert.x event loop of the current request, as it must be: a
 * blocking endpoint, or the filters after it, run on a worker thread, from which Hibernate Reactive
 * refuses to start (HR000068).
 */
final class Reactive {

    private Reactive() {}

    /** {@code work} in a Hibernate Reactive session, on the event loop. */
    static <T> Uni<T> session(Supplier<Uni<T>> work) {
        return run(() -> Panache.withSession(work));
    }

    /** {@code work} in a Hibernate Reactive transaction, on the event loop. */
    static <T> Uni<T> transaction(Supplier<Uni<T>> work) {
        return run(() -> Panache.withTransaction(work));
    }

    private static <T> Uni<T> run(Supplier<Uni<T>> work) {
        Context context = Vertx.currentContext();
        if (context == null || Context.isOnEventLoopThread()) {
            return Uni.createFrom().deferred(work::get);
        }
        return Uni.createFrom()
                .voidItem()
                .emitOn(task -> context.runOnContext(ignored -> task.run()))
                .chain(ignored -> work.get());
    }
}
