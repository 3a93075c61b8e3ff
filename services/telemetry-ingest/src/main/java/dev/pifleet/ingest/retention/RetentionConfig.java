package dev.pifleet.ingest.retention;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** How long readings and their summaries are kept ({@code pifleet.retention.*}); defaults in application.properties. */
@ConfigMapping(prefix = "pifleet.retention")
public interface RetentionConfig {

    /** Raw readings (and their minute summaries) older than this many days are deleted. */
    int rawDays();

    /** Hour and day summaries older than this many days are deleted. */
    int rollupDays();

    /** How often each replica tries to run the job (one replica runs it per interval). */
    Duration interval();

    /** Rows deleted per Parse batch. */
    int batchSize();

    /** The pause after each batch, which leaves Parse to the ingest. */
    Duration pause();

    /** Rows deleted per run at most; the next run goes on. */
    int maxDeletesPerRun();

    /** Per-device overrides by deviceId: {@code pifleet.retention.devices."<deviceId>".raw-days=365}. */
    Map<String, Override> devices();

    interface Override {
        Optional<Integer> rawDays();

        Optional<Integer> rollupDays();
    }
}
