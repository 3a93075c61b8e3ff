package dev.pifleet.sensorlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pifleet.parse.BatchOperation;
import dev.pifleet.parse.BatchResult;
import dev.pifleet.parse.ParseException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SensorKeysTest {

    @Test
    void dottedNamesAreStoredWithoutADotAndComeBackUnchanged() {
        for (String name : new String[] {"temp.c", "a.b.c", ".lead", "trail.", "plain", "soil_moisture-1"}) {
            String stored = SensorKeys.toStored(name);
            assertThat(stored).doesNotContain(".");
            assertThat(SensorKeys.fromStored(stored)).isEqualTo(name);
        }
        assertThat(SensorKeys.toStored("plain")).isEqualTo("plain");
        assertThat(SensorKeys.toStored("temp.c")).isEqualTo("temp\uFF0Ec");
    }

    @Test
    void aReadingsCreateStoresEverySensorUnderItsStoredKeyWithItsIdAndOwnerOnlyAcl() {
        Map<String, Object> sensors = new LinkedHashMap<>();
        sensors.put("temp.c", 21.5);
        sensors.put("door", true);
        BatchOperation create = SensorLogStore.create("dev1", "user1", "r-1", Instant.parse("2026-11-01T10:00:00Z"),
                sensors);

        assertThat(create.method()).isEqualTo("POST");
        assertThat(create.path()).isEqualTo("/classes/SensorLog");
        assertThat(create.body().get("data").fieldNames()).toIterable().containsExactly("temp\uFF0Ec", "door");
        assertThat(create.body().get("data").get("temp\uFF0Ec").asDouble()).isEqualTo(21.5);
        assertThat(create.body().get("readingId").asText()).isEqualTo("r-1");
        assertThat(create.body().get("device").get("objectId").asText()).isEqualTo("dev1");
        assertThat(create.body().get("ACL").fieldNames()).toIterable().containsExactly("user1");
        assertThat(create.body().get("ACL").get("user1").path("read").asBoolean()).isTrue();
        assertThat(create.body().get("ACL").get("user1").path("write").asBoolean(false)).isFalse();
    }

    @Test
    void aReadingWithoutAnIdStoresNoReadingId() {
        BatchOperation create = SensorLogStore.create("dev1", "user1", null, Instant.parse("2026-11-01T10:00:00Z"),
                Map.of("t", 1));
        assertThat(create.body().has("readingId")).isFalse();
    }

    @Test
    void onlyTheUniqueIndexRefusalCountsAsADuplicate() {
        assertThat(SensorLogStore.isDuplicate(new BatchResult(null, new ParseException.DuplicateValueException("dup"))))
                .isTrue();
        assertThat(SensorLogStore.isDuplicate(new BatchResult(null, new ParseException(1, "internal")))).isFalse();
        assertThat(SensorLogStore.isDuplicate(new BatchResult(null, null))).isFalse();
    }
}
