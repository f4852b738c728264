package dev.flotilla.coordinator.api;

import dev.flotilla.coordinator.service.Notifications;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.List;

/** The notifications sent, being sent and given up, per webhook: how each delivery went. */
@Path("/api/notifications")
@RolesAllowed("viewer")
public class NotificationResource {

    private final Notifications notifications;

    public NotificationResource(Notifications notifications) {
        this.notifications = notifications;
    }

    /** The {@code limit} most recent (100 unless given, at most 1000), newest first. */
    @GET
    public List<Notifications.Delivery> recent(@QueryParam("limit") @DefaultValue("100") String limit) {
        return notifications.recent(QueryParams.integer("limit", limit, 1, 1000, "limit must be between 1 and 1000"));
    }
}
