package dev.datalake.cluster.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line of {@code target/datalake-cluster-cli.jar}: {@code up} runs the data lake until
 * Ctrl-C, {@code compose} prints the compose file of the same model, {@code stage-jars} fills the
 * Spark image's build context for it. Bad input gets a one-line
 * error and exit code {@value #USAGE_ERROR}; a failure while running gets one and exit code
 * {@value #FAILURE}.
 */
@Command(name = "datalake", description = "A local data lake: S3 object store, Spark, Jupyter, Airflow.",
        subcommands = {UpCommand.class, ComposeCommand.class, StageJarsCommand.class, CommandLine.HelpCommand.class})
public final class DataLakeCli implements Runnable {

    public static final int USAGE_ERROR = 2;
    public static final int FAILURE = 1;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    public static void main(String[] args) {
        Logging.configure();
        System.exit(commandLine().execute(args));
    }

    /** Runs the command line with these streams, as {@link #main} does with the console's. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = commandLine();
        commandLine.setOut(out);
        commandLine.setErr(err);
        return commandLine.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new DataLakeCli());
        commandLine.setParameterExceptionHandler((e, args) -> {
            CommandLine command = e.getCommandLine();
            command.getErr().println("datalake: " + oneLine(e.getMessage()) + " (see: " + command.getCommandSpec().qualifiedName()
                    + " --help)");
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

    /** The first line of a message: the rest (logs of a failed container) has been logged already. */
    static String oneLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    @Override
    public void run() {
        // no subcommand: say what there is
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: up, compose or stage-jars");
    }
}
