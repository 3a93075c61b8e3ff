package dev.pifleet.agent.update;

import dev.pifleet.agent.update.UpdateJournal.Entry;
import dev.pifleet.device.release.ReleaseSignature;
import dev.pifleet.device.release.ReleaseVersions;
import dev.pifleet.device.release.UpdateOffer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The root side of an agent update (docs/ota.md). Each run takes the agent's request, or the journal's unfinished
 * update after a power cut, to a final state:
 * <ol>
 * <li>downloading: the URL must be https (unless allowed), the file at most the offered size;</li>
 * <li>verifying, before anything is installed: the size, the SHA-256, the Ed25519 signature over
 * (version, SHA-256) by a pinned release key, and the package's own Version: must all be the offer's;</li>
 * <li>installing: the running version's .deb is kept for rollback, the journal says "installing", then dpkg and a
 * restart of the agent;</li>
 * <li>checking health: the new agent must record a successful heartbeat of the new version within the timeout;
 * otherwise the kept .deb is reinstalled and the agent restarted: rolled-back, with the reason.</li>
 * </ol>
 * A run that finds the journal in installing, checking-health or rolling-back was interrupted: it finishes dpkg's
 * work first ({@code dpkg --configure -a}) and then applies the same health rule, so the device ends on a version that
 * works and reports what it truly runs.
 */
public final class Updater {

    /** How the new agent tells it is healthy: the time of its first successful heartbeat as this version. */
    public interface Health {
        Optional<Instant> heartbeatAt(String version);
    }

    /** Fetches a URL into a file, at most {@code maxBytes}; throws beyond that. */
    public interface Download {
        void fetch(String url, Path to, long maxBytes) throws IOException;
    }

    /** The interruption of a wait; waits poll the health file, they are not timers of record. */
    public interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    private final Path folder;
    private final UpdateJournal journal;
    private final List<PublicKey> trusted;
    private final Installer installer;
    private final Download download;
    private final Health health;
    private final Duration healthTimeout;
    private final boolean allowHttp;
    private final Clock clock;
    private final Pause pause;

    public Updater(Path folder, List<PublicKey> trusted, Installer installer, Download download, Health health,
            Duration healthTimeout, boolean allowHttp, Clock clock, Pause pause) {
        this.folder = folder;
        this.journal = new UpdateJournal(folder);
        this.trusted = List.copyOf(trusted);
        this.installer = installer;
        this.download = download;
        this.health = health;
        this.healthTimeout = healthTimeout;
        this.allowHttp = allowHttp;
        this.clock = clock;
        this.pause = pause;
    }

    /** Resumes an interrupted update, else takes the request (if it is new); returns the journal as it ends. */
    public Optional<Entry> run(Optional<UpdateOffer> request) throws IOException, InterruptedException {
        Optional<Entry> current = journal.read();
        if (current.isPresent() && !current.get().finished() && !current.get().phase().equals(UpdateJournal.DOWNLOADING)
                && !current.get().phase().equals(UpdateJournal.VERIFYING)) {
            try {
                installer.finishInterrupted();
            } catch (IOException cannotFinish) {
                // Then dpkg has no working new version: the health rule below reinstalls the previous one.
            }
            Entry interrupted = current.get();
            if (interrupted.phase().equals(UpdateJournal.ROLLING_BACK)) {
                return Optional.of(rollBack(interrupted, interrupted.reason()));
            }
            if (interrupted.offer().version().equals(installer.installedVersion())) {
                // The agent may have started from the files before dpkg finished: it runs what is installed now.
                installer.restartAgent();
            }
            return Optional.of(checkHealth(interrupted.to(UpdateJournal.CHECKING_HEALTH, null, now())));
        }
        if (request.isEmpty()) {
            return current;
        }
        UpdateOffer offer = request.get();
        if (current.isPresent() && current.get().finished() && sameOffer(current.get().offer(), offer)) {
            return current;
        }
        return Optional.of(update(offer));
    }

    private Entry update(UpdateOffer offer) throws IOException, InterruptedException {
        String running = installer.installedVersion();
        Entry entry = journal.write(new Entry(offer, running, UpdateJournal.DOWNLOADING, null, null, now()));
        if (offer.version().equals(running)) {
            return journal.write(entry.to(UpdateJournal.SUCCEEDED, "already running " + running, now()));
        }
        if (!ReleaseVersions.valid(offer.version())) {
            return fail(entry, "the offered version is not a release version");
        }
        if (running != null && ReleaseVersions.valid(running) && ReleaseVersions.compare(offer.version(), running) < 0
                && !offer.allowDowngrade()) {
            return fail(entry, "a downgrade from " + running + " to " + offer.version() + " was not asked for");
        }
        if (!offer.url().startsWith("https://") && !(allowHttp && offer.url().startsWith("http://"))) {
            return fail(entry, "the package URL is not https: refused");
        }
        Path incoming = folder.resolve("incoming.deb");
        Files.deleteIfExists(incoming);
        try {
            download.fetch(offer.url(), incoming, offer.size());
        } catch (IOException e) {
            return fail(entry, "download failed: " + e.getMessage());
        }
        entry = journal.write(entry.to(UpdateJournal.VERIFYING, null, now()));
        long size = Files.size(incoming);
        if (size != offer.size()) {
            return fail(entry, "the package is " + size + " bytes, not the offered " + offer.size());
        }
        String sha256 = ReleaseSignature.sha256Hex(incoming);
        if (!sha256.equals(offer.sha256())) {
            return fail(entry, "the package's SHA-256 is " + sha256 + ", not the offered " + offer.sha256());
        }
        if (!ReleaseSignature.verify(trusted, offer.version(), sha256, offer.signature())) {
            return fail(entry, "the signature was not made by a trusted release key");
        }
        String packaged = installer.packageVersion(incoming);
        if (!offer.version().equals(packaged)) {
            return fail(entry, "the package is version " + packaged + ", not the offered " + offer.version());
        }
        Path kept = kept(offer.version());
        Files.createDirectories(kept.getParent());
        Files.move(incoming, kept, StandardCopyOption.REPLACE_EXISTING);
        if (running != null && !Files.exists(kept(running))) {
            return fail(entry, "no package of the running version " + running + " is kept to roll back to"
                    + " (keep one: pifleet-agent updater keep FILE)");
        }
        entry = journal.write(new Entry(offer, running, UpdateJournal.INSTALLING, null, now(), now()));
        try {
            installer.install(kept);
            installer.restartAgent();
        } catch (IOException e) {
            return rollBack(entry, "the install failed: " + e.getMessage());
        }
        return checkHealth(journal.write(entry.to(UpdateJournal.CHECKING_HEALTH, null, now())));
    }

    private Entry checkHealth(Entry entry) throws IOException, InterruptedException {
        String target = entry.offer().version();
        String installed = installer.installedVersion();
        if (!target.equals(installed)) {
            return rollBack(entry, "after the interrupted install dpkg has " + (installed == null
                    ? "no working version" : installed) + ", not " + target);
        }
        Instant deadline = now().plus(healthTimeout);
        Instant since = entry.installedAt() == null ? Instant.EPOCH : entry.installedAt();
        while (true) {
            Optional<Instant> heartbeat = health.heartbeatAt(target);
            if (heartbeat.isPresent() && !heartbeat.get().isBefore(since)) {
                return journal.write(entry.to(UpdateJournal.SUCCEEDED, null, now()));
            }
            if (!now().isBefore(deadline)) {
                return rollBack(entry, "the new agent " + target + " did not record a successful heartbeat within "
                        + healthTimeout.toSeconds() + " s");
            }
            pause.pause(Duration.ofSeconds(1));
        }
    }

    private Entry rollBack(Entry entry, String why) throws IOException {
        Entry rolling = journal.write(entry.to(UpdateJournal.ROLLING_BACK, why, now()));
        String previous = entry.previousVersion();
        if (previous == null || !Files.exists(kept(previous))) {
            return journal.write(rolling.to(UpdateJournal.FAILED, why + "; no previous package to reinstall", now()));
        }
        installer.install(kept(previous));
        installer.restartAgent();
        return journal.write(rolling.to(UpdateJournal.ROLLED_BACK, why + "; reinstalled " + previous, now()));
    }

    private Entry fail(Entry entry, String why) {
        return journal.write(entry.to(UpdateJournal.FAILED, why, now()));
    }

    /** Where the .deb of a version is kept: the rollback target while another version runs. */
    public Path kept(String version) {
        return folder.resolve("packages").resolve("pifleet-agent_" + version + "_all.deb");
    }

    private Instant now() {
        return clock.instant();
    }

    private static boolean sameOffer(UpdateOffer a, UpdateOffer b) {
        return a != null && a.rolloutId().equals(b.rolloutId()) && a.version().equals(b.version());
    }
}
