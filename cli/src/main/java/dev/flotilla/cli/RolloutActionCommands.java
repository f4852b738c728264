package dev.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Operators' actions on a rollout. The coordinator records each with who (the name of the token the
 * CLI sends, docs/security.md), when and why; {@code rollout show} lists them.
 */
final class RolloutActionCommands {

    private RolloutActionCommands() {}

    /** The shared shape: a rollout id, an optional reason, one POST, the rollout's new state printed. */
    abstract static class Action implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID", description = "The rollout id.")
        String id;

        @Option(names = "--reason", paramLabel = "WHY", description = "Why; recorded with the action.")
        String reason;

        abstract String path();

        boolean needsReason() {
            return false;
        }

        /** Adds the command's own fields to the request body. */
        void addTo(Map<String, Object> body) {}

        @Override
        public Integer call() {
            if (needsReason() && (reason == null || reason.isBlank())) {
                throw new ParameterException(spec.commandLine(), "--reason is required: say why");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            if (reason != null) {
                body.put("reason", reason);
            }
            addTo(body);
            JsonNode rollout = FlotillaCli.root(spec)
                    .apiClient()
                    .post("api/rollouts/" + ApiClient.segment(id) + "/" + path(), body);
            spec.commandLine().getOut().println(RolloutProgress.line(rollout));
            return 0;
        }
    }

    @Command(
            name = "pause",
            mixinStandardHelpOptions = true,
            description = "Dispatch no new runs; runs in flight finish.")
    static final class Pause extends Action {
        @Override
        String path() {
            return "pause";
        }
    }

    @Command(
            name = "resume",
            mixinStandardHelpOptions = true,
            description = "Run a paused or halted rollout again (retry or skip failed tenants first).")
    static final class Resume extends Action {
        @Override
        String path() {
            return "resume";
        }
    }

    @Command(
            name = "cancel",
            mixinStandardHelpOptions = true,
            description =
                    "Stop for good: pending tenants are cancelled, running ones stop before their next transaction.")
    static final class Cancel extends Action {
        @Override
        String path() {
            return "cancel";
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true, description = "Approve the next wave that needs it.")
    static final class Approve extends Action {
        @Option(
                names = "--wave",
                paramLabel = "NAME",
                description = "The wave you mean to approve; refused unless it is the next gate.")
        String wave;

        @Option(
                names = "--confirm",
                paramLabel = "ENVIRONMENT",
                description = "The environment's name, which a protected coordinator (production) requires.")
        String confirm;

        @Override
        String path() {
            return "approve";
        }

        @Override
        void addTo(Map<String, Object> body) {
            if (wave != null) {
                body.put("wave", wave);
            }
            if (confirm != null) {
                body.put("confirm", confirm);
            }
        }
    }

    @Command(
            name = "retry",
            mixinStandardHelpOptions = true,
            description = "Run a failed, cancelled or blocked tenant again, from the version it is at now.")
    static final class Retry extends Action {
        @Parameters(index = "1", paramLabel = "TENANT", description = "The tenant id.")
        String tenant;

        @Override
        String path() {
            return "tenants/" + ApiClient.segment(tenant) + "/retry";
        }
    }

    @Command(
            name = "skip",
            mixinStandardHelpOptions = true,
            description = "Take a tenant that is not running out of the rollout.")
    static final class Skip extends Action {
        @Parameters(index = "1", paramLabel = "TENANT", description = "The tenant id.")
        String tenant;

        @Override
        String path() {
            return "tenants/" + ApiClient.segment(tenant) + "/skip";
        }

        @Override
        boolean needsReason() {
            return true;
        }
    }
}
