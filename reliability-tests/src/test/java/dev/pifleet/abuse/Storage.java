package dev.pifleet.abuse;

import dev.pifleet.devicestore.DeviceClass;
import dev.pifleet.testing.SensorLogRows;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseQuery;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What Parse holds, as far as a refused request could have changed it: the rows of every class, counted with the
 * master key, and the fields of the first user's device that a request could overwrite.
 */
record Storage(Map<String, Long> rows, String targetDevice) {

    /**
     * Every class the services write; a refused request must add no OnceKey either (a "used once" mark). Not
     * RolloutStep: the registry's sweep takes the due steps of running rollouts in the background (a rollout whose
     * device a later rollout's offer reached completes), so its count moves between cases by design.
     */
    static final List<String> CLASSES = List.of("_User", "_Session", DeviceClass.NAME, SensorLogRows.NAME, "AgentClaim",
            "OnceKey", "AlertRule", "Alert", "AlertDelivery", "DeviceConfig", "FleetCommand", "FleetTransition",
            "Release", "Rollout");

    /** The counts and the device, read concurrently (one round trip's wait instead of one per class). */
    static Storage read(ParseClient parse, AbuseStack stack) {
        try (ExecutorService reads = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, Future<Long>> counts = new LinkedHashMap<>();
            for (String className : CLASSES) {
                counts.put(className, reads.submit(() -> parse.count(ParseAuth.master(), ParseQuery.of(className))));
            }
            Future<String> device = reads.submit(() -> device(parse, stack));
            Map<String, Long> rows = new LinkedHashMap<>();
            for (Map.Entry<String, Future<Long>> count : counts.entrySet()) {
                rows.put(count.getKey(), count.getValue().get());
            }
            return new Storage(rows, device.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read Parse", e.getCause());
        }
    }

    private static String device(ParseClient parse, AbuseStack stack) {
        return parse.first(ParseAuth.master(), ParseQuery.of(DeviceClass.NAME)
                        .equalTo(DeviceClass.DEVICE_ID, stack.alice().deviceId())
                        .keys(DeviceClass.DEVICE_NAME, DeviceClass.OWNER, DeviceClass.API_KEY_HASH, DeviceClass.TAGS, "ACL"))
                .map(row -> row.get(DeviceClass.DEVICE_NAME) + " " + row.get(DeviceClass.TAGS) + " " + row.get(DeviceClass.OWNER) + " "
                        + row.get(DeviceClass.API_KEY_HASH).asText().hashCode() + " " + row.get("ACL"))
                .orElse("absent");
    }
}
