package dev.datalake.cluster.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line of {@code cli/target/datalake-cluster-cli.jar}: {@code up} runs the data lake until
 * Ctrl-C, {@code down} removes what nobody will stop, {@code status} lists this machine's clusters,
 * {@code compose} prints the compose file of the same model, {@code stage-jars} fills the Spark
 * image's build context for it. Bad input gets a one-line error (with picocli's suggestions for a
 * mistyped command or option) and exit code {@value #USAGE_ERROR}; a failure while running gets one
 * and exit code {@value #FAILURE}.
 */
@Command(name = "datalake", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "A local data lake: S3 object store, Spark, Jupyter, Airflow.",
        subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class, ComposeCommand.class,
                StageJarsCommand.class, CommandLine.HelpCommand.class})
public final class DataLakeCli implements Runnable {

    public static final int USAGE_ERROR = 2;
    public static final int FAILURE = 1;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Logging.configure();
        System.exit(commandLine().execute(args));
    }

    /** Runs the command line with these streams, as {@link #main} does with the console's. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(new DockerEngine(), out, err, args);
    }

    /** As {@link #run(PrintWriter, PrintWriter, String...)} with {@code down} and {@code status} asking {@code engine}. */
    static int run(Engine engine, PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = commandLine(engine);
        commandLine.setOut(out);
        commandLine.setErr(err);
        return commandLine.execute(args);
    }

    static CommandLine commandLine() {
        return commandLine(new DockerEngine());
    }

    static CommandLine commandLine(Engine engine) {
        CommandLine commandLine = new CommandLine(new DataLakeCli(), new Factory(engine));
        ServiceSwitches.addTo(commandLine.getSubcommands().get("up").getCommandSpec());
        ServiceSwitches.addTo(commandLine.getSubcommands().get("compose").getCommandSpec());
        commandLine.setParameterExceptionHandler((e, args) -> {
            CommandLine command = e.getCommandLine();
            command.getErr().println("datalake: " + oneLine(e.getMessage()) + suggestions(e) + " (see: "
                    + command.getCommandSpec().qualifiedName() + " --help)");
            command.getErr().flush();
            return USAGE_ERROR;
        });
        commandLine.setExecutionExceptionHandler((e, command, parseResult) -> {
            command.getErr().println("datalake: " + oneLine(e.getMessage() == null ? e.toString() : e.getMessage()));
            command.getErr().flush();
            return FAILURE;
        });
        return commandLine;
    }

    /** picocli's "did you mean" for a mistyped command or option, on the same line. */
    private static String suggestions(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            return ". Did you mean: " + String.join(" or ", unmatched.getSuggestions()) + "?";
        }
        return "";
    }

    /** Builds the commands; {@code up}, {@code down} and {@code status} get the engine. */
    private record Factory(Engine engine) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == DownCommand.class) {
                return type.cast(new DownCommand(engine));
            }
            if (type == StatusCommand.class) {
                return type.cast(new StatusCommand(engine));
            }
            if (type == UpCommand.class) {
                return type.cast(new UpCommand(engine));
            }
            return CommandLine.defaultFactory().create(type);
        }
    }

    /** The first line of a message: the rest (logs of a failed container) has been logged already. */
    static String oneLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    @Override
    public void run() {
        // no subcommand: say what there is
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(),
                "name a command: up, down, status, compose or stage-jars");
    }
}
