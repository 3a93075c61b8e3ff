package dev.pifleet.agent.fleet;

import dev.pifleet.agent.AgentConfig;
import dev.pifleet.agent.credentials.CredentialsStore;
import dev.pifleet.device.ReadingLimits;
import dev.pifleet.device.fleet.ConfigReport;
import dev.pifleet.device.fleet.DesiredConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;

/**
 * The settings in force: agent.properties gives the defaults, the cloud's desired document (once one was applied) wins
 * for every setting it sets. A new document is checked against this Pi ({@link ConfigCheck}), kept on disk
 * ({@link FleetConfigFile}) and applied at once: the sampler, heartbeat and uploader read their setting through
 * {@link #effective()} and are woken by {@link #onChange}. No restart.
 */
@Singleton
public class FleetConfig {

    private static final Logger LOG = Logger.getLogger(FleetConfig.class);
    private static final int MAX_ERROR = 500;

    private final Settings local;
    private final FleetConfigFile file;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private DesiredConfig applied = DesiredConfig.NONE;
    private ConfigReport report;

    @Inject
    FleetConfig(AgentConfig config, CredentialsStore credentials) {
        this(new Settings(config.readingInterval(), config.heartbeatInterval(),
                config.sensors().stream().map(String::trim).toList(),
                Math.min(config.upload().batchSize(), ReadingLimits.MAX_PER_REQUEST)), new FleetConfigFile(config.stateDir()));
        // The cloud's settings belong to a pairing: a new one may be a new device record whose versions start again.
        credentials.onNewPairing(this::forget);
    }

    public FleetConfig(Settings local, FleetConfigFile file) {
        this.local = local;
        this.file = file;
        file.load().ifPresent(stored -> {
            report = stored.report();
            if (stored.applied() == null) {
                return;
            }
            // agent.properties may have changed since (a sensor removed): a document that no longer fits is not used.
            Optional<String> problem = ConfigCheck.problem(stored.applied(), local.sensors());
            if (problem.isEmpty()) {
                applied = stored.applied();
            } else {
                LOG.warnf("the stored cloud settings (version %d) no longer fit this Pi: %s; using agent.properties",
                        stored.applied().version(), problem.get());
                report = new ConfigReport(stored.applied().version(), null, truncate("no longer applies: " + problem.get()));
            }
        });
    }

    public synchronized EffectiveSettings effective() {
        return EffectiveSettings.merge(local, applied);
    }

    /** The defaults from agent.properties. */
    public Settings local() {
        return local;
    }

    public synchronized DesiredConfig applied() {
        return applied;
    }

    /** What the agent did with the latest document it was given; empty before the first. */
    public synchronized Optional<ConfigReport> report() {
        return Optional.ofNullable(report);
    }

    /** The version of the latest document the agent has seen (applied or refused), 0 before any: the poll's configVersion. */
    public synchronized long knownVersion() {
        return report == null ? 0 : report.version();
    }

    /**
     * Checks, stores and applies a document; refuses one this Pi cannot take (the previous settings stay). A version
     * the agent has already dealt with changes nothing. Returns the report the heartbeat carries.
     */
    public ConfigReport offer(DesiredConfig desired, Instant now) {
        ConfigReport result;
        synchronized (this) {
            if (report != null && report.version() == desired.version()) {
                return report;
            }
            Optional<String> problem = ConfigCheck.problem(desired, local.sensors());
            if (problem.isPresent()) {
                result = new ConfigReport(desired.version(), null, truncate(problem.get()));
                file.save(new FleetConfigFile.Stored(applied == DesiredConfig.NONE ? null : applied, result));
                report = result;
                LOG.warnf("refused cloud settings version %d: %s", desired.version(), problem.get());
                return result;
            }
            result = new ConfigReport(desired.version(), now, null);
            file.save(new FleetConfigFile.Stored(desired, result));
            applied = desired;
            report = result;
        }
        LOG.infof("applied cloud settings version %d: %s", desired.version(), describe(effective()));
        listeners.forEach(Runnable::run);
        return result;
    }

    /** Unpaired: the cloud's settings go with the key, agent.properties rules again. */
    public void forget() {
        synchronized (this) {
            file.delete();
            applied = DesiredConfig.NONE;
            report = null;
        }
        listeners.forEach(Runnable::run);
    }

    /** Called (on the caller's thread) after the settings in force changed. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    private static String describe(EffectiveSettings settings) {
        return "reading interval " + settings.readingInterval().value().toSeconds() + " s, heartbeat interval "
                + settings.heartbeatInterval().value().toSeconds() + " s, sensors " + settings.sensors().value()
                + ", upload batch " + settings.uploadBatchSize().value();
    }

    private static String truncate(String text) {
        return text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR - 1) + "…";
    }
}
