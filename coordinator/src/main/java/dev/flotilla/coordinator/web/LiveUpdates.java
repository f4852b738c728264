package dev.flotilla.coordinator.web;

import dev.flotilla.coordinator.service.FleetChanges;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;

/**
 * Tells open dashboard pages that what they show changed, by server-sent events: {@code fleet} when
 * the matrix, a rollout, a wave, an operator's action or the dead letters changed, {@code agents}
 * when a heartbeat arrived, and {@code fleet-slow} as {@code fleet} but at most once every {@value
 * #SLOW_EVERY} ticks (the last change always sent), for the fleet page, whose aggregates cost more
 * at a large fleet than a change a second is worth. Pages fetch their live part again on the event they follow, and on
 * {@code hello}, which every stream starts with: whatever changed between the page's rendering and
 * its stream's (re)connection is fetched then. The marks are read once per {@code
 * flotilla.dashboard.refresh-interval} for all pages, and only while a page is open; a {@code ping}
 * after {@value #PING_EVERY} quiet ticks finds the pages that went away.
 */
@ApplicationScoped
@Path("/ui/changes")
public class LiveUpdates {

    private static final Logger LOGGER = Logger.getLogger(LiveUpdates.class);
    private static final int PING_EVERY = 15;
    private static final int SLOW_EVERY = 5;

    private final FleetChanges changes;
    private final List<SseEventSink> pages = new CopyOnWriteArrayList<>();
    private volatile Sse sse;
    private FleetChanges.Marks last;
    private String lastSlow;
    private int quietTicks;
    private int slowTicks;
    private boolean unreadable;

    public LiveUpdates(FleetChanges changes) {
        this.changes = changes;
    }

    /**
     * Keeps the page's stream open; it hears of the next change. Only the stream needs a viewer: the
     * scheduled tick below runs with no caller at all.
     */
    @GET
    @RolesAllowed("viewer")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void follow(@Context SseEventSink page, @Context Sse sse) {
        this.sse = sse;
        synchronized (this) {
            pages.add(page);
            send(page, "hello", "flotilla");
        }
    }

    @Scheduled(
            identity = "dashboard-live-updates",
            every = "${flotilla.dashboard.refresh-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    synchronized void tick() {
        pages.removeIf(SseEventSink::isClosed);
        if (pages.isEmpty()) {
            last = null;
            lastSlow = null;
            return;
        }
        FleetChanges.Marks now;
        try {
            now = changes.now();
        } catch (RuntimeException e) {
            // The database does not answer: the pages keep what they show until it does.
            if (!unreadable) {
                LOGGER.warnf("dashboard changes cannot be read reason=\"%s\"", e.getMessage());
                unreadable = true;
            }
            return;
        }
        unreadable = false;
        boolean sent = false;
        if (last != null && !Objects.equals(last.fleet(), now.fleet())) {
            broadcast("fleet", now.fleet());
            sent = true;
        }
        if (last != null && !Objects.equals(last.agents(), now.agents())) {
            broadcast("agents", now.agents());
            sent = true;
        }
        slowTicks++;
        if (lastSlow == null) {
            lastSlow = now.fleet();
        } else if (slowTicks >= SLOW_EVERY && !lastSlow.equals(now.fleet())) {
            broadcast("fleet-slow", now.fleet());
            lastSlow = now.fleet();
            slowTicks = 0;
        }
        last = now;
        quietTicks = sent ? 0 : quietTicks + 1;
        if (quietTicks >= PING_EVERY) {
            broadcast("ping", "");
            quietTicks = 0;
        }
    }

    private void broadcast(String name, String data) {
        pages.forEach(page -> send(page, name, data));
    }

    /** Sends one event; a page whose stream ended (now or when the send completes) is dropped. */
    private void send(SseEventSink page, String name, String data) {
        try {
            if (page.isClosed()) {
                pages.remove(page);
                return;
            }
            page.send(sse.newEvent(name, data)).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    ended(page, failure);
                }
            });
        } catch (RuntimeException failure) {
            ended(page, failure);
        }
    }

    private void ended(SseEventSink page, Throwable failure) {
        LOGGER.debugf("dashboard stream ended reason=%s", failure.getMessage());
        pages.remove(page);
        try {
            page.close();
        } catch (RuntimeException alreadyClosed) {
            // nothing more to do with it
        }
    }
}
