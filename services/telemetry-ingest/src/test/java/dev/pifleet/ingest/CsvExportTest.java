package dev.pifleet.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.pifleet.ingest.TestFleet.TestDevice;
import dev.pifleet.parse.ParseClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(FleetServicesTestResource.class)
class CsvExportTest {

    private static final List<String> AWKWARD = List.of("a,b", "say \"hi\"", "two\nlines", "crlf\r\nend",
            "ünïcødé ✓ 温度", "=SUM(A1:A9)", "+1", "-x", "@cmd", "plain");

    @Inject
    ParseClient parse;

    @Test
    void theCsvRoundTripsEveryValueOldestFirstWithFormulasNeutralised() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        Instant base = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        List<Map<String, Object>> readings = new ArrayList<>();
        // More than one page of Parse rows (999), so that streaming page by page is exercised.
        for (int i = 0; i < 1_000; i++) {
            Map<String, Object> sensors = new LinkedHashMap<>();
            sensors.put("temp.c", -20.5 + i);
            if (i % 2 == 0) {
                sensors.put("note", AWKWARD.get(i % AWKWARD.size()));
            }
            if (i % 5 == 0) {
                sensors.put("door", i % 10 == 0);
            }
            readings.add(Map.of("id", "id-" + i, "timestamp", base.plusSeconds(1_000 - i).toString(), "sensors", sensors));
        }
        for (int from = 0; from < readings.size(); from += 250) {
            DeviceDataTest.post(device, readings.subList(from, from + 250));
        }

        Response response = given().header("x-session-token", device.owner().sessionToken())
                .queryParam("from", base.toString()).queryParam("to", base.plusSeconds(3_600).toString())
                .when().get("/api/readings/" + device.deviceId() + "/export.csv");
        response.then().statusCode(200).contentType("text/csv; charset=utf-8")
                .header("Content-Disposition", startsWith("attachment; filename=\"pifleet-" + device.deviceId() + "_"));
        List<List<String>> rows = parse(new String(response.asByteArray(), StandardCharsets.UTF_8));

        assertThat(rows.getFirst()).containsExactly("timestamp", "id", "door", "note", "temp.c");
        assertThat(rows).hasSize(1_001);
        for (int row = 1; row <= 1_000; row++) {
            int i = 1_000 - row;
            List<String> cells = rows.get(row);
            assertThat(cells.get(0)).isEqualTo(base.plusSeconds(1_000 - i).toString());
            assertThat(cells.get(1)).isEqualTo("id-" + i);
            assertThat(cells.get(2)).isEqualTo(i % 5 == 0 ? String.valueOf(i % 10 == 0) : "");
            String note = i % 2 == 0 ? AWKWARD.get(i % AWKWARD.size()) : "";
            assertThat(cells.get(3)).isEqualTo(note.matches("^[=+\\-@].*") ? "'" + note : note);
            assertThat(Double.parseDouble(cells.get(4))).isEqualTo(-20.5 + i);
        }
    }

    @Test
    void anotherUsersDeviceIsNotFoundAndABadRangeIs400WithJson() {
        TestDevice device = TestFleet.newDevice(parse, TestFleet.newUser(parse));
        given().header("x-session-token", TestFleet.newUser(parse).sessionToken())
                .when().get("/api/readings/" + device.deviceId() + "/export.csv")
                .then().statusCode(404).body("error", equalTo("not_found"));
        given().header("x-session-token", device.owner().sessionToken()).queryParam("from", "2026-11-02T00:00:00Z")
                .queryParam("to", "2026-11-01T00:00:00Z")
                .when().get("/api/readings/" + device.deviceId() + "/export.csv")
                .then().statusCode(400).body("success", equalTo(false));
        given().header("x-session-token", device.owner().sessionToken())
                .when().get("/api/readings/" + device.deviceId() + "/export.csv")
                .then().statusCode(200).body(equalTo("timestamp,id\r\n"));
    }

    /** RFC 4180, as a spreadsheet reads it. */
    static List<List<String>> parse(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        assertThat(field).isEmpty();
        assertThat(row).isEmpty();
        return rows;
    }
}
