package dev.pifleet.ingest.write;

import dev.pifleet.ingest.IngestConfig;
import dev.pifleet.ingest.write.GroupCommitWriter.ItemResult;
import dev.pifleet.parse.BatchOperation;
import dev.pifleet.parse.BatchResult;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseUnavailableException;
import dev.pifleet.sensorlog.SensorLogStore;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The group commit of SensorLog creates into Parse's {@code /batch}, one non-transactional batch at a time (see
 * ParseClient.batch for why Parse's transactions are not used). A retry after a broken connection is safe: every
 * create carries a readingId, so a create that did reach Parse comes back as a duplicate, not as a second row.
 * Parse closes keep-alive connections after any 500, so the next request on a pooled connection may fail without
 * having reached it.
 */
public class SensorLogWrites {

    @Produces
    @Singleton
    GroupCommitWriter<BatchOperation> writer(ParseClient parse, IngestConfig config, MeterRegistry metrics) {
        IngestConfig.GroupCommit settings = config.groupCommit();
        return new GroupCommitWriter<>("pifleet.ingest",
                batch -> parse.batchAsync(ParseAuth.master(), batch).thenApply(SensorLogWrites::results),
                create -> JsonSize.of(create.body()),
                ParseUnavailableException.class::isInstance,
                new GroupCommitWriter.Settings(settings.batchSize(), settings.linger(), settings.maxInFlight(),
                        settings.queueCapacity(), settings.queueMaxBytes().asLongValue(), settings.attempts()),
                metrics);
    }

    void close(@Disposes GroupCommitWriter<BatchOperation> writer, IngestConfig config) {
        writer.close(config.groupCommit().writeTimeout());
    }

    private static List<ItemResult> results(List<BatchResult> results) {
        return results.stream().map(result -> result.succeeded() ? ItemResult.STORED
                : SensorLogStore.isDuplicate(result) ? ItemResult.DUPLICATE
                : new ItemResult.Failed(result.error())).toList();
    }
}
