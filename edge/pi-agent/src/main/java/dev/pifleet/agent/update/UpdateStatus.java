package dev.pifleet.agent.update;

import dev.pifleet.agent.AgentConfig;
import dev.pifleet.device.release.UpdateReport;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * What the heartbeat says about updates: the version this agent runs ({@code agentVersion}) and the progress on the
 * latest offer ({@code update}), read from the updater's journal; and, after each heartbeat answered 200, the health
 * record the updater waits for ({@link HealthRecord}).
 */
@Singleton
public class UpdateStatus {

    private static final Logger LOG = Logger.getLogger(UpdateStatus.class);
    public static final String SIMULATED = "simulated";
    private static final String SIMULATED_VERSION_FILE = "installed-version";
    private static final int MAX_REASON = 500;

    private final Path stateDir;
    private final Path journalDir;
    private final String packagedVersion;
    private final boolean simulated;
    private final Optional<Pattern> unhealthy;
    private volatile boolean journalUnreadableLogged;

    @Inject
    UpdateStatus(AgentConfig config) {
        this(config.stateDir(), config.update().dir(), config.version(), config.update().install(),
                config.update().simulatedUnhealthyVersions());
    }

    public UpdateStatus(Path stateDir, Path updaterDir, String packagedVersion, String install,
            Optional<String> simulatedUnhealthyVersions) {
        if (!install.equals(SIMULATED) && !install.equals("dpkg")) {
            throw new IllegalArgumentException("pifleet.agent.update.install must be dpkg or simulated, not " + install);
        }
        this.stateDir = stateDir;
        this.simulated = install.equals(SIMULATED);
        // The simulated updater keeps its journal in the agent's own folder: there is no root updater to own one.
        this.journalDir = simulated ? stateDir.resolve("simulated-updater") : updaterDir;
        this.packagedVersion = packagedVersion;
        this.unhealthy = simulatedUnhealthyVersions.filter(regex -> !regex.isBlank()).map(Pattern::compile);
    }

    public boolean simulated() {
        return simulated;
    }

    public Path journalDir() {
        return journalDir;
    }

    public UpdateJournal journal() {
        return new UpdateJournal(journalDir);
    }

    /** The package's version; in the simulated mode the version last "installed". */
    public String runningVersion() {
        if (simulated) {
            Path file = journalDir.resolve(SIMULATED_VERSION_FILE);
            try {
                if (Files.isRegularFile(file)) {
                    return Files.readString(file, StandardCharsets.UTF_8).strip();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return packagedVersion;
    }

    /** The simulated install's "new agent runs": the heartbeat reports this version from now on. */
    void simulatedRunning(String version) {
        try {
            Files.createDirectories(journalDir);
            Files.writeString(journalDir.resolve(SIMULATED_VERSION_FILE), version + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the simulated version", e);
        }
    }

    /** The updater's latest entry, if any and readable. */
    public Optional<UpdateJournal.Entry> latest() {
        try {
            return journal().read();
        } catch (UncheckedIOException e) {
            if (!journalUnreadableLogged) {
                journalUnreadableLogged = true;
                LOG.warnf("cannot read the updater's journal in %s: %s", journalDir, e.getCause().getMessage());
            }
            return Optional.empty();
        }
    }

    /** The heartbeat's {@code update}: the latest offer the updater took, its state and reason; empty before any. */
    public Optional<UpdateReport> report() {
        return latest().filter(entry -> entry.offer() != null).map(entry -> new UpdateReport(entry.offer().rolloutId(),
                entry.offer().version(), entry.reportedState(), truncate(entry.reason())));
    }

    /**
     * A heartbeat reporting {@code version} was answered 200: the updater's health rule. (A simulated version matching
     * pifleet.agent.update.simulated-unhealthy-versions never records one: it stands for a broken release.)
     */
    public void heartbeatSucceeded(String version, Instant at) {
        if (simulated && unhealthy.isPresent() && unhealthy.get().matcher(version).matches()) {
            return;
        }
        try {
            HealthRecord.write(stateDir, version, at);
        } catch (UncheckedIOException e) {
            LOG.warnf("cannot record the agent's health: %s", e.getCause().getMessage());
        }
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON - 1) + "…";
    }
}
