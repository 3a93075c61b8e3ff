package dev.pifleet.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pifleet.agent.AgentJson;
import dev.pifleet.agent.fleet.CommandJournal;
import dev.pifleet.agent.fleet.FleetConfigFile;
import dev.pifleet.agent.identity.DeviceIdentityFile;
import dev.pifleet.agent.pairing.AgentKeyFile;
import dev.pifleet.agent.credentials.CredentialsStore;
import dev.pifleet.agent.sender.ReadingBuffer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pifleet-agent status|code|sensors|unpair|reset-identity}. It runs before (instead of) Quarkus: status, code
 * and sensors ask the running agent's local API; unpair and reset-identity change the state folder and so refuse
 * while the agent answers (it holds the key in memory and would write it back).
 */
@Command(name = "pifleet-agent", mixinStandardHelpOptions = true,
        description = "The pifleet agent. Without a command it runs the agent (--env local|cloud).",
        subcommands = {AgentCli.Status.class, AgentCli.Code.class, AgentCli.Sensors.class, AgentCli.Unpair.class,
                AgentCli.ResetIdentity.class, UpdaterCommand.class})
public final class AgentCli {

    private static final Set<String> COMMANDS = Set.of("status", "code", "sensors", "unpair", "reset-identity", "updater",
            "--help", "-h", "help");

    private AgentCli() {
    }

    /** Whether these arguments are a CLI command rather than the agent's own start-up arguments. */
    public static boolean handles(String... args) {
        return args.length > 0 && COMMANDS.contains(args[0]);
    }

    public static int run(String... args) {
        return commandLine(AgentSettings.current()).execute(args);
    }

    static CommandLine commandLine(AgentSettings settings) {
        CommandLine cli = new CommandLine(AgentCli.class).addSubcommand(new CommandLine.HelpCommand());
        // --agent-url and --state-dir default to what the agent itself is configured with (application.properties,
        // the conffile, the environment), so neither the port nor the folder is written down twice.
        cli.setDefaultValueProvider(option -> option instanceof CommandLine.Model.OptionSpec named
                ? switch (named.longestName()) {
                    case "--agent-url" -> settings.agentUrl().toString();
                    case "--state-dir" -> settings.stateDir().toString();
                    default -> null;
                }
                : null);
        // A message, not a stack trace, for an agent that is down or answers an error.
        cli.setExecutionExceptionHandler((error, command, parsed) -> {
            command.getErr().println("pifleet-agent " + command.getCommandName() + ": " + error.getMessage());
            return 1;
        });
        return cli;
    }

    /** Where the running agent answers; the service listens on all addresses, so loopback reaches it. */
    abstract static class OnAgent implements Callable<Integer> {

        @Option(names = "--agent-url", description = "the agent's local API (default: ${DEFAULT-VALUE}, from the agent's"
                + " quarkus.http.host and quarkus.http.port)")
        URI agentUrl;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        JsonNode get(String path) throws IOException {
            return LocalAgent.get(agentUrl, path).orElseThrow(() -> new IOException(
                    "the agent does not answer at " + agentUrl
                    + " (is it running? systemctl status pifleet-agent)"));
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Paired or not, the claim code, last upload and heartbeat, buffered readings.")
    static final class Status extends OnAgent {
        @Override
        public Integer call() throws IOException {
            JsonNode status = get("/status");
            JsonNode pairing = status.path("pairing");
            PrintWriter out = out();
            out.printf("device ID:      %s%n", status.path("deviceId").asText());
            out.printf("paired:         %s%n", status.path("registered").asBoolean()
                    ? "yes (" + pairing.path("method").asText() + ")" : "no");
            if (pairing.hasNonNull("code")) {
                out.printf("claim code:     %s (expires %s)%n", pairing.path("code").asText(),
                        pairing.path("expiresAt").asText());
            }
            out.printf("cloud:          %s%n", status.path("cloudUrl").asText());
            out.printf("last heartbeat: %s%n", attempt(status.path("lastHeartbeat")));
            out.printf("last upload:    %s (last success %s)%n", attempt(status.path("upload").path("lastAttempt")),
                    text(status.path("upload").path("lastSuccessAt")));
            JsonNode buffer = status.path("buffer");
            out.printf("buffered:       %d of %d (dropped when full %d, rejected %d)%n", buffer.path("buffered").asLong(),
                    buffer.path("maxReadings").asLong(), buffer.path("droppedWhenFull").asLong(),
                    buffer.path("rejectedAsInvalid").asLong());
            printFleet(status.path("fleet"), out);
            return 0;
        }

        /** Each setting in force and where it came from (local: agent.properties, cloud: the owner's settings). */
        private static void printFleet(JsonNode fleet, PrintWriter out) {
            JsonNode settings = fleet.path("settings");
            out.printf("reading every:  %s s (%s)%n", settings.path("readingIntervalSeconds").path("value").asText(),
                    settings.path("readingIntervalSeconds").path("source").asText());
            out.printf("heartbeat:      every %s s (%s)%n", settings.path("heartbeatIntervalSeconds").path("value").asText(),
                    settings.path("heartbeatIntervalSeconds").path("source").asText());
            JsonNode sensors = settings.path("sensors");
            List<String> names = new java.util.ArrayList<>();
            sensors.path("value").forEach(name -> names.add(name.asText()));
            out.printf("sensors:        %s (%s)%n", String.join(", ", names), sensors.path("source").asText());
            out.printf("upload batch:   %s (%s)%n", settings.path("uploadBatchSize").path("value").asText(),
                    settings.path("uploadBatchSize").path("source").asText());
            JsonNode report = fleet.path("report");
            String config = report.isMissingNode() || report.isNull() ? "none from the cloud yet"
                    : report.hasNonNull("error") ? "version " + report.path("version").asText() + " refused: "
                            + report.path("error").asText() + " (version " + fleet.path("appliedVersion").asText()
                            + " applies)"
                    : "version " + report.path("version").asText() + " applied at " + report.path("appliedAt").asText();
            out.printf("cloud settings: %s%n", config);
            out.printf("commands:       last poll %s%n", attempt(fleet.path("lastPoll")));
            for (JsonNode command : fleet.path("recentCommands")) {
                out.printf("  %s %-14s %-9s %s%n", command.path("recordedAt").asText(), command.path("name").asText(),
                        command.path("state").asText(), command.hasNonNull("error") ? command.path("error").asText()
                                : command.path("acknowledged").asBoolean() ? "" : "(result not yet reported)");
            }
        }
    }

    @Command(name = "code", mixinStandardHelpOptions = true,
            description = "The current claim code, its pairing link and a QR code of the link.")
    static final class Code extends OnAgent {
        @Override
        public Integer call() throws IOException {
            JsonNode status = get("/status");
            JsonNode pairing = status.path("pairing");
            if (!pairing.hasNonNull("code")) {
                out().println(status.path("registered").asBoolean()
                        ? "This Pi is paired: it shows no claim code."
                        : "No claim code yet (last registry call: " + attempt(pairing.path("lastCall")) + ").");
                return status.path("registered").asBoolean() ? 0 : 1;
            }
            String link = pairing.path("pairUrl").asText();
            out().printf("Claim code %s (expires %s)%nOpen %s%n%n%s", pairing.path("code").asText(),
                    pairing.path("expiresAt").asText(), link, TerminalQr.of(link));
            return 0;
        }
    }

    @Command(name = "sensors", mixinStandardHelpOptions = true,
            description = "Reads every configured sensor once, now, through the running agent: for checking the wiring."
                    + " Exit code 1 if a sensor fails.")
    static final class Sensors extends OnAgent {
        @Override
        public Integer call() throws IOException {
            int failing = 0;
            for (JsonNode sensor : get("/sensors").path("sensors")) {
                if (sensor.hasNonNull("error")) {
                    failing++;
                    out().printf("%-16s ERROR %s%n", sensor.path("name").asText(), sensor.path("error").asText());
                } else {
                    out().printf("%-16s %s%n", sensor.path("name").asText(), sensor.path("values"));
                }
            }
            return failing == 0 ? 0 : 1;
        }
    }

    /** Commands that change the state folder: only while the agent is stopped, and only after a yes. */
    abstract static class OnStateDir extends OnAgent {

        @Option(names = "--state-dir", description = "the agent's state folder (default: ${DEFAULT-VALUE}, the agent's"
                + " pifleet.agent.state-dir)")
        Path stateDir;

        @Option(names = {"-y", "--yes"}, description = "do not ask")
        boolean yes;

        abstract List<String> files();

        abstract String question();

        @Override
        public Integer call() throws IOException {
            if (LocalAgent.answers(agentUrl)) {
                spec.commandLine().getErr().println("The agent is running at " + agentUrl
                        + ": stop it first (sudo systemctl stop pifleet-agent), then start it again afterwards.");
                return 3;
            }
            if (!yes && !confirmed()) {
                out().println("Nothing changed.");
                return 1;
            }
            for (String name : files()) {
                if (Files.deleteIfExists(stateDir.resolve(name))) {
                    out().println("deleted " + stateDir.resolve(name));
                }
            }
            return 0;
        }

        private boolean confirmed() throws IOException {
            out().print(question() + " [y/N] ");
            out().flush();
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
        }
    }

    @Command(name = "unpair", mixinStandardHelpOptions = true,
            description = "Forgets the device key and the cloud's settings (the Pi shows a new claim code on its next start);"
                    + " keeps the device ID, the agent key, the command journal and buffered readings. The agent must be stopped.")
    static final class Unpair extends OnStateDir {
        @Override
        List<String> files() {
            // The cloud's settings go with the key; the command journal stays (an id in it never runs again).
            return List.of(CredentialsStore.FILE_NAME, FleetConfigFile.FILE_NAME);
        }

        @Override
        String question() {
            return "Forget this Pi's device key? It stops uploading until it is paired again.";
        }
    }

    @Command(name = "reset-identity", mixinStandardHelpOptions = true,
            description = "For a Pi that changes hands: deletes the device ID, the agent key, the device key and the "
                    + "buffered readings. The next start makes a new device ID. The agent must be stopped.")
    static final class ResetIdentity extends OnStateDir {
        @Override
        List<String> files() {
            String db = ReadingBuffer.FILE_NAME;
            return List.of(CredentialsStore.FILE_NAME, AgentKeyFile.FILE_NAME, DeviceIdentityFile.FILE_NAME,
                    FleetConfigFile.FILE_NAME, CommandJournal.FILE_NAME, db,
                    db + "-wal", db + "-shm", db + "-journal");
        }

        @Override
        String question() {
            return "Delete this Pi's identity, keys and buffered readings? This cannot be undone.";
        }
    }

    private static String attempt(JsonNode attempt) {
        return attempt.isNull() || attempt.isMissingNode() ? "never"
                : attempt.path("result").asText() + " at " + attempt.path("at").asText();
    }

    private static String text(JsonNode node) {
        return node.isNull() || node.isMissingNode() ? "-" : node.asText();
    }

    /** The agent's local API; empty when nothing answers there. */
    static final class LocalAgent {

        private LocalAgent() {
        }

        static Optional<JsonNode> get(URI base, String path) throws IOException {
            try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve(path))
                        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IOException("GET " + path + " answered " + response.statusCode());
                }
                return Optional.of(AgentJson.MAPPER.readTree(response.body()));
            } catch (java.net.ConnectException notRunning) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }

        /** Whether anything answers HTTP there (whatever the status): then the agent is running. */
        static boolean answers(URI base) throws IOException {
            try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()) {
                client.send(HttpRequest.newBuilder(base.resolve("/q/health/live")).timeout(Duration.ofSeconds(10))
                        .GET().build(), HttpResponse.BodyHandlers.discarding());
                return true;
            } catch (java.net.ConnectException notRunning) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }
}
