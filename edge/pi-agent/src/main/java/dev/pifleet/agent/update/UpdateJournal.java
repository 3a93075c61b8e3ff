package dev.pifleet.agent.update;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.pifleet.agent.AgentJson;
import dev.pifleet.agent.pairing.OwnerOnlyFile;
import dev.pifleet.device.release.UpdateOffer;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code update.json} in the updater's folder: the one update in hand and its phase, written (synced, renamed) before
 * each step that changes the system, so that after a power cut the next start knows what was going on: an install
 * that was running is finished or undone ({@link Updater}), never taken for done.
 */
@RegisterForReflection(targets = UpdateOffer.class)
public final class UpdateJournal {

    public static final String FILE_NAME = "update.json";

    /** Phases; the last three are final. {@code reason} says why for failed and rolled-back. */
    public static final String DOWNLOADING = "downloading";
    public static final String VERIFYING = "verifying";
    public static final String INSTALLING = "installing";
    public static final String CHECKING_HEALTH = "checking-health";
    public static final String ROLLING_BACK = "rolling-back";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String ROLLED_BACK = "rolled-back";

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(UpdateOffer offer, String previousVersion, String phase, String reason, Instant installedAt,
            Instant at) {

        Entry to(String newPhase, String why, Instant now) {
            return new Entry(offer, previousVersion, newPhase, why, installedAt, now);
        }

        public boolean finished() {
            return SUCCEEDED.equals(phase) || FAILED.equals(phase) || ROLLED_BACK.equals(phase);
        }

        /** The state the agent reports for it: the contract's names (checking-health and rolling-back are "installing"). */
        public String reportedState() {
            return switch (phase) {
                case CHECKING_HEALTH, ROLLING_BACK -> INSTALLING;
                default -> phase;
            };
        }
    }

    private final Path file;

    public UpdateJournal(Path folder) {
        this.file = folder.resolve(FILE_NAME);
    }

    public Optional<Entry> read() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(AgentJson.MAPPER.readValue(file.toFile(), Entry.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the update journal " + file, e);
        }
    }

    public Entry write(Entry entry) {
        // Readable by all: the unprivileged agent reports it; it holds nothing secret (a URL, a digest, a signature).
        OwnerOnlyFile.writeJson(file, entry, "rw-r--r--");
        return entry;
    }
}
