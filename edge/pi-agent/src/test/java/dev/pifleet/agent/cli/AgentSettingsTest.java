package dev.pifleet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's defaults come from the agent's own configuration, in the agent's order of precedence. */
class AgentSettingsTest {

    @Test
    void withNothingSetTheyAreTheAgentsBuiltInPortAndStateFolder() {
        AgentSettings settings = AgentSettings.read(Map.of(), Map.of());

        assertThat(settings.agentUrl()).isEqualTo(URI.create("http://127.0.0.1:5000"));
        assertThat(settings.stateDir()).isEqualTo(Path.of("/var/lib/pifleet-agent"));
    }

    @Test
    void theEnvironmentTheServiceSetsIsFollowed() {
        AgentSettings settings = AgentSettings.read(
                Map.of("PIFLEET_STATE_DIR", "/srv/agent", "PIFLEET_AGENT_HOST", "192.168.1.5"), Map.of());

        assertThat(settings.agentUrl()).isEqualTo(URI.create("http://192.168.1.5:5000"));
        assertThat(settings.stateDir()).isEqualTo(Path.of("/srv/agent"));
    }

    @Test
    void theConffileWinsOverTheBuiltInsAndTheEnvironmentOverTheConffile(@TempDir Path dir) throws IOException {
        Path conffile = Files.writeString(dir.resolve("agent.properties"),
                "quarkus.http.port=5123\nquarkus.http.host=::1\npifleet.agent.state-dir=/from/conffile\n");
        Map<String, String> launcher = Map.of("quarkus.config.locations", conffile.toString());

        AgentSettings fromFile = AgentSettings.read(Map.of(), launcher);
        assertThat(fromFile.agentUrl()).isEqualTo(URI.create("http://[::1]:5123"));
        assertThat(fromFile.stateDir()).isEqualTo(Path.of("/from/conffile"));

        AgentSettings envWins = AgentSettings.read(Map.of("QUARKUS_HTTP_PORT", "6000"), launcher);
        assertThat(envWins.agentUrl()).isEqualTo(URI.create("http://[::1]:6000"));
    }

    @Test
    void aProfileSelectsItsOwnValues() {
        assertThat(AgentSettings.read(Map.of(), Map.of("quarkus.profile", "dev")).stateDir())
                .isEqualTo(Path.of("target/agent-state"));
    }

    @Test
    void theHelpShowsTheDefaultsReadFromTheAgentsConfiguration() {
        StringWriter out = new StringWriter();
        AgentSettings settings = new AgentSettings(URI.create("http://127.0.0.1:5999"), Path.of("/somewhere"));
        picocli.CommandLine cli = AgentCli.commandLine(settings);
        cli.setOut(new PrintWriter(out, true));

        assertThat(cli.execute("unpair", "--help")).isZero();
        assertThat(out.toString()).contains("default: http://127.0.0.1:5999", "default: /somewhere");
    }
}
