package dev.flotilla.coordinator.web;

import dev.flotilla.coordinator.api.RolloutView;
import dev.flotilla.coordinator.service.DeadLetterReads;
import dev.flotilla.coordinator.service.FleetTenants;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import java.util.List;

/** The dashboard's pages, Qute templates under {@code templates/dashboard/}, checked at build time. */
@CheckedTemplate(basePath = "dashboard")
final class Pages {

    private Pages() {}

    static native TemplateInstance fleet(FleetPage page);

    static native TemplateInstance rollouts(List<RolloutView> rollouts, String state, List<String> states);

    static native TemplateInstance rollout(RolloutPage page);

    static native TemplateInstance tenant(TenantPage page);

    static native TemplateInstance agents(List<FleetTenants.Agent> agents);

    static native TemplateInstance deadLetters(List<DeadLetterReads.DeadLetter> letters);

    static native TemplateInstance problem(int status, String message);
}
