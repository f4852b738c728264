package dev.flotilla.coordinator.api.auth;

import dev.flotilla.coordinator.access.AuditEntry;
import dev.flotilla.coordinator.api.Audited;
import dev.flotilla.coordinator.service.AuditLog;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Writes the audit log: every request to an endpoint that may change something (any method but GET,
 * HEAD and OPTIONS; a path no endpoint matches is not kept) and every refused one (401, 403), with
 * who asked (the authenticated identity), what, and the answer. It runs once the answer is decided, so a coordinator that dies between an action and its
 * row loses the row (the rollout's own action history keeps the action); a row that cannot be written
 * is logged at ERROR and the answer still goes out.
 */
public class AuditFilter {

    private static final Logger LOGGER = Logger.getLogger(AuditFilter.class);
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    /** Paths are the caller's to choose: what is kept of one is bounded. */
    private static final int MAX_TARGET = 300;

    private final AuditLog audit;
    private final CurrentIdentityAssociation identities;
    private final Clock clock;

    public AuditFilter(AuditLog audit, CurrentIdentityAssociation identities, Clock clock) {
        this.audit = audit;
        this.identities = identities;
        this.clock = clock;
    }

    @ServerResponseFilter
    public Uni<Void> record(ContainerRequestContext request, ContainerResponseContext response, ResourceInfo resource) {
        int status = response.getStatus();
        boolean refused = status == 401 || status == 403;
        boolean matched = resource != null && resource.getResourceMethod() != null;
        if (!refused && (READS.contains(request.getMethod()) || !matched)) {
            return Uni.createFrom().voidItem();
        }
        String path = "/" + request.getUriInfo().getPath().replaceFirst("^/", "");
        String target = path.length() > MAX_TARGET ? path.substring(0, MAX_TARGET) + "…" : path;
        String action = request.getMethod() + " " + template(resource, target);
        String detail = detail(response.getEntity());
        return identities
                .getDeferredIdentity()
                .onFailure()
                .recoverWithNull()
                .map(AuditFilter::actor)
                .chain(actor -> audit.append(new AuditEntry(clock.instant(), actor, action, target, status, detail)))
                .onFailure()
                .invoke(e ->
                        LOGGER.errorf(e, "audit row not written action=%s target=%s status=%d", action, target, status))
                .onFailure()
                .recoverWithNull();
    }

    private static String actor(SecurityIdentity identity) {
        return identity == null || identity.isAnonymous()
                ? Caller.ANONYMOUS
                : identity.getPrincipal().getName();
    }

    /** The path as the resource declares it, {@code /api/rollouts/{id}/pause}; the path itself when none matched. */
    static String template(ResourceInfo resource, String target) {
        if (resource == null || resource.getResourceClass() == null || resource.getResourceMethod() == null) {
            return target;
        }
        Path type = resource.getResourceClass().getAnnotation(Path.class);
        Path method = resource.getResourceMethod().getAnnotation(Path.class);
        String joined = (type == null ? "" : type.value()) + (method == null ? "" : "/" + method.value());
        String normalized = ("/" + joined).replaceAll("/+", "/");
        return normalized.length() > 1 && normalized.endsWith("/")
                ? normalized.substring(0, normalized.length() - 1)
                : normalized;
    }

    private static String detail(Object entity) {
        if (entity instanceof Audited audited) {
            return audited.auditDetail();
        }
        if (entity instanceof Map<?, ?> problem && problem.get("detail") instanceof String text) {
            return text;
        }
        return null;
    }
}
