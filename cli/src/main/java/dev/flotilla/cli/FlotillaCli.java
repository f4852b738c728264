package dev.flotilla.cli;

import dev.flotilla.cli.local.FlotillaHome;
import dev.flotilla.cli.local.LocalCommand;
import dev.flotilla.cli.local.LocalToken;
import dev.flotilla.cli.local.StateStore;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code flotilla} command line. It only talks to the coordinator's REST API, except for
 * {@code local}, which runs a whole stack on this machine; so the CLI never needs broker or
 * database credentials of a real fleet.
 */
@Command(
        name = "flotilla",
        mixinStandardHelpOptions = true,
        versionProvider = FlotillaCli.Version.class,
        description = "Rolls schema migrations across fleets of PostgreSQL tenant schemas.",
        subcommands = {
            LocalCommand.class,
            RolloutCommand.class,
            PlanCommand.class,
            StatusCommand.class,
            MatrixCommand.class,
            MigrationsCommand.class,
            ReleasesCommand.class,
            TenantsCommand.class,
            DemoCommand.class,
            RollbackCommand.class,
            DeadLettersCommand.class,
            NotificationsCommand.class,
            AgentsCommand.class,
            TokensCommand.class,
            AuditCommand.class
        })
public final class FlotillaCli {

    @Option(
            names = "--api",
            paramLabel = "URL",
            scope = ScopeType.INHERIT,
            description =
                    "The coordinator (default: FLOTILLA_API, else the local stack's, else " + ApiUrl.DEFAULT + ").")
    String api;

    public static void main(String[] args) {
        CommandLine commandLine = commandLine();
        commandLine.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
        commandLine.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        int status = commandLine.execute(args);
        commandLine.getOut().flush();
        commandLine.getErr().flush();
        System.exit(status);
    }

    /**
     * The command line with Flotilla's error handling: operator errors print as one message, and the
     * exit status says what kind of trouble it was ({@link ExitCodes}).
     */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new FlotillaCli());
        commandLine.setExecutionExceptionHandler((exception, command, parseResult) -> {
            PrintWriter err = command.getErr();
            if (exception instanceof CliException) {
                err.println("flotilla: " + exception.getMessage());
            } else {
                exception.printStackTrace(err);
            }
            err.flush();
            return exception instanceof ApiException api && api.unreachable()
                    ? ExitCodes.UNREACHABLE
                    : ExitCodes.FAILED;
        });
        commandLine.setParameterExceptionHandler((exception, args) -> {
            CommandLine command = exception.getCommandLine();
            PrintWriter err = command.getErr();
            err.println("flotilla: " + exception.getMessage().replaceFirst("^Error: ", ""));
            if (!command.getSubcommands().isEmpty() && !command.getParseResult().hasSubcommand()) {
                command.usage(err);
            } else {
                err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
            }
            err.flush();
            return command.getCommandSpec().exitCodeOnInvalidInput();
        });
        return commandLine;
    }

    /** The API client for the coordinator chosen by {@code --api} and its fallbacks. */
    public ApiClient apiClient() {
        FlotillaHome home = FlotillaHome.locate();
        String local = new StateStore(home).read().map(s -> s.api()).orElse(null);
        String chosen = ApiUrl.resolve(api, System.getenv("FLOTILLA_API"), local);
        String token = Credentials.token(
                        System.getenv(),
                        Path.of(System.getProperty("user.home")),
                        chosen,
                        local,
                        LocalToken.read(home.stateDir()).orElse(null))
                .orElse(null);
        return new ApiClient(chosen, token);
    }

    /** The root command of the command line {@code spec} belongs to. */
    public static FlotillaCli root(CommandLine.Model.CommandSpec spec) {
        return (FlotillaCli) spec.root().userObject();
    }

    /** Reads the version Maven writes into the jar's manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = FlotillaCli.class.getPackage().getImplementationVersion();
            return new String[] {"flotilla " + (version == null ? "(development build)" : version)};
        }
    }
}
