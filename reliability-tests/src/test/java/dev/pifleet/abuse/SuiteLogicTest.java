package dev.pifleet.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The suite's pure parts: the answer checks, the known-defect patterns and the case table. */
class SuiteLogicTest {

    @Test
    void theContractsErrorIsClean() {
        assertThat(Verdict.problems(Cases.Expect.REJECTED, 400,
                "{\"success\":false,\"error\":\"invalid_input\",\"message\":\"deviceId: must match\"}")).isEmpty();
    }

    @Test
    void aControlMustBeAcceptedAndAFieldsRefusalMustNameIt() {
        assertThat(Verdict.problems(Cases.Expect.ACCEPTED, 201, "{\"success\":true}")).isEmpty();
        assertThat(Verdict.problems(Cases.Expect.ACCEPTED, 400,
                "{\"success\":false,\"error\":\"invalid_input\",\"message\":\"x\"}")).anyMatch(problem -> problem.contains("2xx"));
        String refused = "{\"success\":false,\"error\":\"invalid_input\",\"message\":\"x\","
                + "\"details\":[{\"field\":\"webhookUrl\",\"message\":\"x\"}]}";
        assertThat(Verdict.namesField("webhookUrl", null, refused)).isEmpty();
        assertThat(Verdict.namesField("deviceId", null, refused)).singleElement().asString().contains("without deviceId");
    }

    @Test
    void serverErrorsAcceptedInputAndForeignShapesAreProblems() {
        assertThat(Verdict.problems(Cases.Expect.REJECTED, 500, "{\"success\":false,\"error\":\"internal\",\"message\":\"x\"}"))
                .singleElement().asString().contains("server error");
        assertThat(Verdict.problems(Cases.Expect.REJECTED, 200, "{\"success\":true}")).singleElement().asString()
                .contains("accepted");
        assertThat(Verdict.problems(Cases.Expect.SURVIVES, 200, "{\"success\":true}")).isEmpty();
        assertThat(Verdict.problems(Cases.Expect.REJECTED, 414, "")).singleElement().asString().contains("not JSON");
        assertThat(Verdict.problems(Cases.Expect.REJECTED, 400, "<html>Bad Request</html>")).singleElement().asString()
                .contains("not JSON");
        assertThat(Verdict.problems(Cases.Expect.REJECTED, 400, "{\"error\":\"x\"}"))
                .anyMatch(problem -> problem.contains("success"));
    }

    @Test
    void stackTracesAndClassNamesAreLeaks() {
        String body = "{\"success\":false,\"error\":\"x\",\"message\":\"com.fasterxml.jackson.core.JsonParseException: at [Source]\"}";
        assertThat(Verdict.problems(Cases.Expect.REJECTED, 400, body)).anyMatch(problem -> problem.contains("leaks"));
        assertThat(Verdict.problems(Cases.Expect.REJECTED, 400,
                "{\"success\":false,\"error\":\"x\",\"message\":\"boom\\n\\tat dev.pifleet.X.y(X.java:12)\"}"))
                .anyMatch(problem -> problem.contains("leaks"));
        assertThat(Verdict.problems(Cases.Expect.REJECTED, 400,
                "{\"success\":false,\"error\":\"invalid_input\",\"message\":\"must be a string\"}")).isEmpty();
    }

    @Test
    void realCredentialsArePrintedAsPlaceholders() {
        RawHttp.Request request = new RawHttp.Request("POST", "/api/device/heartbeat", RawHttp.headers(
                "x-session-token", "r:0394f284b17bd1b71f413432030fe697",
                "Authorization", "Device pfk_ApRbuZ7iV5dNhuKhOHUZ3bZ6sRvPYn05YhYQ9CTy18Y"), null);
        assertThat(request.describe()).isEqualTo(
                "POST /api/device/heartbeat -H 'x-session-token: $SESSION_TOKEN' -H 'Authorization: Device $API_KEY'");
        assertThat(RawHttp.redact("Device " + Endpoints.UNKNOWN_KEY)).isEqualTo("Device " + Endpoints.UNKNOWN_KEY);
    }

    @Test
    void knownDefectPatternsMatchWithStars() {
        assertThat(KnownDefects.matches("* | limits: URL of 10,000 chars", "auth.me | limits: URL of 10,000 chars")).isTrue();
        assertThat(KnownDefects.matches("ingest.data | body.sensors *: name __proto__",
                "ingest.data | body.sensors BAD_SENSORS: name __proto__")).isTrue();
        assertThat(KnownDefects.matches("auth.me | method: PUT", "auth.me | method: PUT (2)")).isFalse();
        assertThat(KnownDefects.matches("a.b | x", "aXb | x")).isFalse();
    }

    @Test
    void everyKnownDefectNamesExistingCases() {
        List<String> names = Cases.names();
        assertThat(KnownDefects.all().keySet()).allSatisfy(pattern ->
                assertThat(names).as(pattern).anyMatch(name -> KnownDefects.matches(pattern, name)));
    }

    /**
     * The guard: with one endpoint's validation removed, a hostile field goes where the unchanged base request goes,
     * and the suite proves that request is accepted ("base: accepted"); or it is refused later for another reason
     * (another check, another field). Each of these answers fails every field case of every endpoint. (Fields
     * checked against something stored, such as a password, refuse wrong text with their own code: Field#orRefusedAs.)
     */
    @Test
    void withoutItsValidationEveryFieldCaseOfEveryEndpointFails() {
        List<Cases.Case> fieldCases = Cases.names().stream().map(Cases::named)
                .filter(c -> c.expect() == Cases.Expect.REJECTED && c.field() != null).toList();
        assertThat(fieldCases).hasSizeGreaterThan(1_000);
        for (Cases.Case c : fieldCases) {
            assertThat(Verdict.problems(c.expect(), c.field(), c.otherCode(), 201, "{\"success\":true}")).as(c.name()).isNotEmpty();
            assertThat(Verdict.problems(c.expect(), c.field(), c.otherCode(), 401,
                    "{\"success\":false,\"error\":\"another_reason\",\"message\":\"refused for another reason\"}"))
                    .as(c.name()).isNotEmpty();
            assertThat(Verdict.problems(c.expect(), c.field(), c.otherCode(), 400, "{\"success\":false,\"error\":\"invalid_input\","
                    + "\"message\":\"x: must match\",\"details\":[{\"field\":\"x\",\"message\":\"must match\"}]}"))
                    .as(c.name()).isNotEmpty();
            assertThat(Verdict.problems(c.expect(), c.field(), c.otherCode(), 400, "{\"success\":false,\"error\":\"invalid_input\","
                    + "\"message\":\"m\",\"details\":[{\"field\":\"" + c.field() + "\",\"message\":\"must match\"}]}"))
                    .as(c.name()).isEmpty();
        }
        for (Endpoint endpoint : Endpoints.ALL) {
            assertThat(Cases.names().contains(endpoint.name() + " | base: accepted"))
                    .as(endpoint.name()).isNotEqualTo(Endpoints.WITHOUT_BASE.containsKey(endpoint.name()));
        }
    }

    @Test
    void aKnownDefectIsSkippedOnlyWithItsOwnSymptom() {
        KnownDefects.Known chunk = KnownDefects.find("auth.login | content-length: chunked with a bad chunk size").orElseThrow();
        assertThat(chunk.shows(0, null)).isTrue();
        assertThat(chunk.shows(500, "{\"success\":false}")).isFalse();
        KnownDefects.Known length = KnownDefects.find("auth.login | content-length: negative").orElseThrow();
        assertThat(length.shows(400, "")).isTrue();
        assertThat(length.shows(400, "{\"error\":\"internal_error\"}")).isFalse();
        assertThat(length.shows(401, "")).isFalse();
    }

    @Test
    void everyEndpointHasCasesAndTheBodiesOfItsRowAreJson() throws Exception {
        for (Endpoint endpoint : Endpoints.ALL) {
            assertThat(Cases.names()).as(endpoint.name()).anyMatch(name -> name.startsWith(endpoint.name() + " | "));
            AbuseStack.JSON.readTree(LiveValues.sample(endpoint.validBody()));
        }
    }
}
