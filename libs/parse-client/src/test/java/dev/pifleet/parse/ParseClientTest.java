package dev.pifleet.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pifleet.testing.AtOnce;
import dev.pifleet.testing.ParseServerTestResource;
import dev.pifleet.testing.ParseStack;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** parse-client against the project's real Parse Server on a fresh PostgreSQL database. */
@QuarkusTest
@WithTestResource(ParseServerTestResource.class)
class ParseClientTest {

    @Inject
    ParseClient parse;

    @Test
    void signUpLogInMeAndLogOutRoundTrip() {
        String email = uniqueEmail();
        ParseUser signedUp = parse.signUp(email, email, "correct-horse");
        assertThat(signedUp.sessionToken()).startsWith("r:");

        ParseUser loggedIn = parse.logIn(email, "correct-horse");
        assertThat(loggedIn.objectId()).isEqualTo(signedUp.objectId());
        assertThat(parse.me(loggedIn.sessionToken()).email()).isEqualTo(email);

        parse.logOut(loggedIn.sessionToken());
        assertThatThrownBy(() -> parse.me(loggedIn.sessionToken()))
                .isInstanceOf(ParseException.InvalidSessionException.class);
    }

    @Test
    void wrongPasswordIsObjectNotFound() {
        String email = uniqueEmail();
        parse.signUp(email, email, "correct-horse");
        assertThatThrownBy(() -> parse.logIn(email, "wrong-horse"))
                .isInstanceOf(ParseException.ObjectNotFoundException.class);
    }

    @Test
    void createGetUpdateDeleteWithTypedFields() {
        ParseUser owner = newUser();
        Instant seen = Instant.parse("2026-01-16T10:00:00.123Z");
        ParseObject device = parse.create(ParseAuth.master(), "Device", deviceFields(owner, uniqueDeviceId())
                .set("lastSeen", seen));

        ParseObject read = parse.get(ParseAuth.master(), "Device", device.objectId());
        assertThat(read.getDate("lastSeen")).isEqualTo(seen);
        assertThat(read.getPointerId("owner")).isEqualTo(owner.objectId());
        assertThat(read.createdAt()).isNotNull();

        parse.update(ParseAuth.master(), "Device", device.objectId(), ParseFields.create().set("name", "renamed").unset("lastSeen"));
        ParseObject updated = parse.get(ParseAuth.master(), "Device", device.objectId());
        assertThat(updated.getString("name")).isEqualTo("renamed");
        assertThat(updated.has("lastSeen")).isFalse();

        parse.delete(ParseAuth.master(), "Device", device.objectId());
        assertThatThrownBy(() -> parse.get(ParseAuth.master(), "Device", device.objectId()))
                .isInstanceOf(ParseException.ObjectNotFoundException.class);
    }

    @Test
    void deleteFoundDeletesOnePageOfWhatTheQueryFinds() {
        ParseUser owner = newUser();
        for (int i = 0; i < 3; i++) {
            parse.create(ParseAuth.master(), "Device", deviceFields(owner, uniqueDeviceId()));
        }
        ParseQuery owned = ParseQuery.of("Device").equalTo("owner", Pointer.user(owner.objectId())).keys("owner").limit(2);

        assertThat(parse.deleteFound(owned)).isEqualTo(2);
        assertThat(parse.deleteFound(owned)).isEqualTo(1);
        assertThat(parse.deleteFound(owned)).isZero();
        assertThat(parse.count(ParseAuth.master(), ParseQuery.of("Device").equalTo("owner", Pointer.user(owner.objectId()))))
                .isZero();
    }

    /**
     * Eight callers delete the same rows at once (replicas purging one device), three rounds: each answers only when
     * nothing is left, even when the others won its pages, and together they count every row once.
     */
    @Test
    void deleteAllFoundEndsOnlyWhenNothingIsLeftWhileOthersDeleteTheSameRows() {
        for (int round = 0; round < 3; round++) {
            String tag = UUID.randomUUID().toString();
            List<BatchOperation> creates = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                creates.add(BatchOperation.create("SweepProbe", ParseFields.create().set("tag", tag).set("i", i)));
                if (creates.size() == ParseClient.BATCH_LIMIT) {
                    parse.batch(ParseAuth.master(), creates);
                    creates = new ArrayList<>();
                }
            }
            ParseQuery tagged = ParseQuery.of("SweepProbe").equalTo("tag", tag).keys("tag").limit(ParseClient.BATCH_LIMIT);

            List<long[]> answers = AtOnce.run(8, i -> new long[] {
                    parse.deleteAllFound(tagged), parse.count(ParseAuth.master(), ParseQuery.of("SweepProbe").equalTo("tag", tag))});

            assertThat(answers).allSatisfy(answer -> assertThat(answer[1]).as("rows left when a caller answered").isZero());
            assertThat(answers.stream().mapToLong(answer -> answer[0]).sum()).as("rows counted by the eight").isEqualTo(300);
        }
    }

    @Test
    void aclLetsTheOwnerReadAndHidesTheRowFromOthers() {
        ParseUser owner = newUser();
        ParseUser stranger = newUser();
        ParseObject device = parse.create(ParseAuth.master(), "Device", deviceFields(owner, uniqueDeviceId()));

        assertThat(parse.get(ParseAuth.session(owner.sessionToken()), "Device", device.objectId()).objectId())
                .isEqualTo(device.objectId());
        assertThatThrownBy(() -> parse.get(ParseAuth.session(stranger.sessionToken()), "Device", device.objectId()))
                .isInstanceOf(ParseException.ObjectNotFoundException.class);
        assertThat(parse.find(ParseAuth.session(stranger.sessionToken()),
                ParseQuery.of("Device").equalTo("deviceId", device.getString("deviceId")))).isEmpty();
    }

    @Test
    void sessionWritesAreRefusedByClassLevelPermissions() {
        ParseUser owner = newUser();
        assertThatThrownBy(() -> parse.create(ParseAuth.session(owner.sessionToken()), "Device",
                deviceFields(owner, uniqueDeviceId())))
                .isInstanceOf(ParseException.PermissionDeniedException.class);
    }

    @Test
    void anonymousRequestsAreRefusedOnEveryClass() throws Exception {
        for (String path : List.of("/classes/Device", "/classes/SensorLog", "/users", "/classes/_Session")) {
            HttpResponse<String> answer = anonymousGet(path);
            assertThat(answer.statusCode()).as(path).isIn(400, 403, 404);
            assertThat(answer.body()).as(path).doesNotContain("results");
        }
    }

    @Test
    void duplicateDeviceIdIsADuplicateValue() {
        ParseUser owner = newUser();
        String deviceId = uniqueDeviceId();
        parse.create(ParseAuth.master(), "Device", deviceFields(owner, deviceId));
        assertThatThrownBy(() -> parse.create(ParseAuth.master(), "Device", deviceFields(owner, deviceId)))
                .isInstanceOf(ParseException.DuplicateValueException.class)
                .extracting(error -> ((ParseException) error).code()).isEqualTo(137);
    }

    @Test
    void queriesCombineTypedConstraintsOrderAndLimit() {
        ParseUser owner = newUser();
        Instant base = Instant.parse("2026-03-01T00:00:00Z");
        for (int i = 0; i < 5; i++) {
            parse.create(ParseAuth.master(), "Device", deviceFields(owner, uniqueDeviceId())
                    .set("lastSeen", base.plus(i, ChronoUnit.MINUTES)));
        }
        ParseQuery query = ParseQuery.of("Device")
                .equalTo("owner", Pointer.user(owner.objectId()))
                .greaterThanOrEqualTo("lastSeen", base.plus(1, ChronoUnit.MINUTES))
                .lessThan("lastSeen", base.plus(4, ChronoUnit.MINUTES))
                .orderBy("-lastSeen")
                .keys("deviceId", "lastSeen");

        List<ParseObject> found = parse.find(ParseAuth.master(), query);
        assertThat(found).extracting(object -> object.getDate("lastSeen")).containsExactly(
                base.plus(3, ChronoUnit.MINUTES), base.plus(2, ChronoUnit.MINUTES), base.plus(1, ChronoUnit.MINUTES));
        assertThat(found.get(0).has("name")).isFalse();
        assertThat(parse.count(ParseAuth.master(), ParseQuery.of("Device").equalTo("owner", Pointer.user(owner.objectId()))))
                .isEqualTo(5);
        assertThat(parse.find(ParseAuth.master(), ParseQuery.of("Device")
                .equalTo("owner", Pointer.user(owner.objectId())).limit(2))).hasSize(2);
    }

    @Test
    void aStringThatLooksLikeAnOperatorIsMatchedLiterally() {
        ParseUser owner = newUser();
        parse.create(ParseAuth.master(), "Device", deviceFields(owner, uniqueDeviceId()));
        assertThat(parse.find(ParseAuth.master(), ParseQuery.of("Device").equalTo("deviceId", "{\"$ne\":null}"))).isEmpty();
        assertThatThrownBy(() -> ParseQuery.of("Device").equalTo("$or", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void batchOfTwoHundredReportsTheOneBadItemAndStoresTheRest() {
        ParseUser owner = newUser();
        ParseObject device = parse.create(ParseAuth.master(), "Device", deviceFields(owner, uniqueDeviceId()));
        String repeatedReadingId = UUID.randomUUID().toString();
        List<BatchOperation> operations = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String readingId = i == 150 ? repeatedReadingId : (i == 20 ? repeatedReadingId : UUID.randomUUID().toString());
            operations.add(BatchOperation.create("SensorLog", ParseFields.create()
                    .set("device", new Pointer("Device", device.objectId()))
                    .set("timestamp", Instant.now())
                    .setObject("data", Map.of("temperature", 20.5 + i, "ok", true))
                    .set("readingId", readingId)
                    .acl(ParseAcl.ownerReadOnly(owner.objectId()))));
        }

        List<BatchResult> results = parse.batch(ParseAuth.master(), operations);

        assertThat(results).hasSize(200);
        assertThat(results.get(150).succeeded()).isFalse();
        assertThat(results.get(150).error()).isInstanceOf(ParseException.DuplicateValueException.class);
        assertThat(results.stream().filter(BatchResult::succeeded).count()).isEqualTo(199);
        assertThat(results.get(0).objectId()).isNotBlank();
        assertThat(parse.count(ParseAuth.master(), ParseQuery.of("SensorLog")
                .equalTo("device", new Pointer("Device", device.objectId())))).isEqualTo(199);
    }

    @Test
    void asyncBatchGivesTheSamePerItemResults() {
        ParseUser owner = newUser();
        ParseObject device = parse.create(ParseAuth.master(), "Device", deviceFields(owner, uniqueDeviceId()));
        String readingId = UUID.randomUUID().toString();

        List<BatchResult> results = parse.batchAsync(ParseAuth.master(), List.of(reading(device, readingId),
                reading(device, readingId), reading(device, UUID.randomUUID().toString()))).toCompletableFuture().join();

        // Parse applies a plain batch's items concurrently: either copy of the repeated id may be the one stored.
        assertThat(results).hasSize(3);
        assertThat(results.subList(0, 2)).filteredOn(BatchResult::succeeded).hasSize(1);
        assertThat(results.subList(0, 2)).filteredOn(result -> !result.succeeded()).singleElement()
                .extracting(BatchResult::error).isInstanceOf(ParseException.DuplicateValueException.class);
        assertThat(results.get(2).succeeded()).isTrue();
    }

    @Test
    void sessionReadsOfSensorLogFollowTheRowAcl() {
        ParseUser owner = newUser();
        ParseUser stranger = newUser();
        ParseObject device = parse.create(ParseAuth.master(), "Device", deviceFields(owner, uniqueDeviceId()));
        parse.batch(ParseAuth.master(), List.of(reading(device, UUID.randomUUID().toString())));
        ParseQuery readings = ParseQuery.of("SensorLog").equalTo("device", new Pointer("Device", device.objectId()));

        assertThat(parse.find(ParseAuth.session(owner.sessionToken()), readings)).hasSize(1);
        assertThat(parse.find(ParseAuth.session(stranger.sessionToken()),
                ParseQuery.of("SensorLog").equalTo("device", new Pointer("Device", device.objectId())))).isEmpty();
    }

    @Test
    void invalidSessionTokenIsMapped() {
        assertThatThrownBy(() -> parse.find(ParseAuth.session("r:not-a-real-token"), ParseQuery.of("Device")))
                .isInstanceOf(ParseException.InvalidSessionException.class);
    }

    @Test
    void unreachableParseIsUnavailableAndRecovers() {
        var parseServer = ParseStack.shared().parseServer();
        parseServer.stop();
        try {
            assertThat(parse.isHealthy()).isFalse();
            assertThatThrownBy(() -> parse.find(ParseAuth.master(), ParseQuery.of("Device")))
                    .isInstanceOf(ParseUnavailableException.class);
            assertThat(parse.batchAsync(ParseAuth.master(), List.of(BatchOperation.create("SensorLog", ParseFields.create()
                    .set("readingId", UUID.randomUUID().toString())))).toCompletableFuture())
                    .failsWithin(Duration.ofSeconds(30)).withThrowableThat().havingCause()
                    .isInstanceOf(ParseUnavailableException.class);
        } finally {
            parseServer.start();
        }
        assertThat(parse.isHealthy()).isTrue();
    }

    @Test
    void theMasterKeyAndSessionTokensNeverReachTheParseLog() throws Exception {
        ParseUser user = newUser();
        parse.find(ParseAuth.session(user.sessionToken()), ParseQuery.of("Device"));
        parse.find(ParseAuth.master(), ParseQuery.of("Device"));
        var parseServer = ParseStack.shared().parseServer();
        String log = Files.readString(parseServer.logFile());
        assertThat(log).doesNotContain(parseServer.masterKey()).doesNotContain(user.sessionToken());
    }

    private ParseUser newUser() {
        String email = uniqueEmail();
        return parse.signUp(email, email, "correct-horse");
    }

    private static ParseFields deviceFields(ParseUser owner, String deviceId) {
        return ParseFields.create()
                .set("deviceId", deviceId)
                .set("name", "Test Pi")
                .set("owner", Pointer.user(owner.objectId()))
                .set("status", "never_seen")
                .acl(ParseAcl.ownerReadWrite(owner.objectId()));
    }

    private static BatchOperation reading(ParseObject device, String readingId) {
        return BatchOperation.create("SensorLog", ParseFields.create()
                .set("device", new Pointer("Device", device.objectId()))
                .set("timestamp", Instant.now())
                .setObject("data", Map.of("temperature", 21.0))
                .set("readingId", readingId)
                .acl(ParseAcl.ownerReadOnly(device.getPointerId("owner"))));
    }

    private static HttpResponse<String> anonymousGet(String path) throws Exception {
        var parseServer = ParseStack.shared().parseServer();
        HttpRequest request = HttpRequest.newBuilder(URI.create(parseServer.url() + path))
                .header("X-Parse-Application-Id", parseServer.appId()).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String uniqueEmail() {
        return "user-" + UUID.randomUUID() + "@example.com";
    }

    private static String uniqueDeviceId() {
        return "pi-" + UUID.randomUUID();
    }
}
