package dev.pifleet.ingest.data;

import dev.pifleet.ingest.IngestConfig;
import dev.pifleet.ingest.IsoTimestamps;
import dev.pifleet.service.ApiException;
import dev.pifleet.service.FieldError;
import dev.pifleet.service.FieldPaths;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The contract's reading rules. The shape rules are Bean Validation annotations on {@link DataRequest}; the time
 * rules need the clock and configuration, so they are code. Both are checked here, together, so that one 400
 * names every offending field ({@code readings[3].sensors.temp}, {@code readings[5].timestamp}).
 */
@ApplicationScoped
class ReadingRules {

    private final Validator validator;
    private final IngestConfig config;
    private final Counter rejected;

    ReadingRules(Validator validator, IngestConfig config, MeterRegistry metrics) {
        this.validator = validator;
        this.config = config;
        this.rejected = Counter.builder("pifleet.ingest.readings").tag("outcome", "rejected").tag("reason", "invalid")
                .description("Readings by outcome").register(metrics);
    }

    /** The request's readings, or a 400 naming every offending field. */
    List<ValidReading> check(DataRequest request) {
        if (request == null) {
            throw refuse(1, List.of(new FieldError("body", "send a JSON object with sensors or readings")));
        }
        List<FieldError> problems = new ArrayList<>();
        validator.validate(request).forEach(violation -> problems.add(new FieldError(FieldPaths.of(violation.getPropertyPath()), violation.getMessage())));
        if (request.sensors() == null && request.readings() == null) {
            problems.add(new FieldError("sensors", "send sensors (one reading) or readings (a batch)"));
        } else if (request.sensors() != null && request.readings() != null) {
            problems.add(new FieldError("readings", "send either sensors or readings, not both"));
        }
        List<ReadingInput> inputs = request.asBatch();
        boolean batch = request.readings() != null;
        Instant now = Instant.now();
        List<ValidReading> readings = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            ReadingInput input = inputs.get(i);
            if (input == null) {
                continue;
            }
            String timestampField = batch ? "readings[" + i + "].timestamp" : "timestamp";
            timestampOf(input.timestamp(), now, timestampField, problems).ifPresent(timestamp ->
                    readings.add(new ValidReading(input.id(), timestamp, storable(input.sensors()))));
        }
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparing(FieldError::field));
            throw refuse(inputs.size(), problems);
        }
        return readings;
    }

    private Optional<Instant> timestampOf(String text, Instant now, String field, List<FieldError> problems) {
        if (text == null) {
            return Optional.of(now);
        }
        Optional<Instant> timestamp = IsoTimestamps.parse(text);
        if (timestamp.isEmpty()) {
            problems.add(new FieldError(field, "must be an ISO-8601 date-time, e.g. 2026-11-27T10:15:30Z"));
        } else if (timestamp.get().isAfter(now.plus(config.maxFutureSkew()))) {
            problems.add(new FieldError(field, "must not be more than " + config.maxFutureSkew().toMinutes()
                    + " minutes in the future"));
            return Optional.empty();
        } else if (timestamp.get().isBefore(now.minus(config.maxReadingAge()))) {
            problems.add(new FieldError(field, "must not be older than " + config.maxReadingAge().toDays() + " days"));
            return Optional.empty();
        }
        return timestamp;
    }

    /** Big JSON numbers (BigInteger/BigDecimal) as the doubles Parse keeps anyway. */
    private static Map<String, Object> storable(Map<String, Object> sensors) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (sensors != null) {
            sensors.forEach((name, value) -> values.put(name,
                    value instanceof BigInteger || value instanceof BigDecimal ? ((Number) value).doubleValue() : value));
        }
        return values;
    }

    private ApiException refuse(int readings, List<FieldError> problems) {
        rejected.increment(readings);
        String message = problems.stream().map(problem -> problem.field() + ": " + problem.message())
                .collect(Collectors.joining("; "));
        return new ApiException(400, "invalid_input", message, null, problems);
    }
}
