package dev.pifleet.registry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.pifleet.device.release.ReleaseSignature;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseQuery;
import dev.pifleet.registry.TestUsers.TestUser;
import dev.pifleet.testing.AtOnce;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Publishing signed releases: only the operator, only signatures by a trusted key, each version once. */
@QuarkusTest
@WithTestResource(AuthGatewayTestResource.class)
class ReleaseTest {

    @Inject
    ParseClient parse;

    @Test
    void theOperatorPublishesASignedReleaseAndOwnersSeeIt() {
        String version = TestReleases.newVersion();
        Map<String, Object> body = TestReleases.signed(version);
        TestReleases.publish(body).then().statusCode(201)
                .body("success", equalTo(true))
                .body("release.version", equalTo(version))
                .body("release.sha256", equalTo(body.get("sha256")))
                .body("release.keyId", equalTo(ReleaseSignature.keyId(publicTestKey())));
        TestUser owner = TestUsers.signUp();
        given().header("x-session-token", owner.sessionToken()).when().get("/api/releases").then().statusCode(200)
                .body("releases.version", hasItem(version));
        given().when().get("/api/releases").then().statusCode(401);
    }

    @Test
    void aSignatureThatDoesNotVerifyIsRefusedAndNothingStored() throws Exception {
        String version = TestReleases.newVersion();
        Map<String, Object> tampered = TestReleases.signed(version);
        tampered.put("sha256", "0".repeat(64));
        TestReleases.publish(tampered).then().statusCode(400).body("error", equalTo("bad_signature"))
                .body("details[0].field", equalTo("signature"));

        Map<String, Object> otherVersion = TestReleases.signed(version);
        otherVersion.put("version", version + "1");
        TestReleases.publish(otherVersion).then().statusCode(400).body("error", equalTo("bad_signature"));

        Map<String, Object> unknownKey = TestReleases.signed(version);
        unknownKey.put("signature", ReleaseSignature.sign(KeyPairGenerator.getInstance("Ed25519").generateKeyPair()
                .getPrivate(), version, (String) unknownKey.get("sha256")));
        TestReleases.publish(unknownKey).then().statusCode(400).body("error", equalTo("bad_signature"));

        assertThat(stored(version)).isZero();
        assertThat(stored(version + "1")).isZero();
    }

    @Test
    void onlyTheOperatorCredentialPublishes() {
        String version = TestReleases.newVersion();
        Map<String, Object> body = TestReleases.signed(version);
        TestUser owner = TestUsers.signUp();
        given().contentType(ContentType.JSON).body(body).when().post("/api/releases").then().statusCode(401)
                .body("error", equalTo("operator_required"));
        given().header("x-session-token", owner.sessionToken()).contentType(ContentType.JSON).body(body)
                .when().post("/api/releases").then().statusCode(401).body("error", equalTo("operator_required"));
        for (String header : List.of("Operator wrong-token", "Operator " + TestReleases.OPERATOR_TOKEN + "x",
                "Bearer " + TestReleases.OPERATOR_TOKEN, "operator " + TestReleases.OPERATOR_TOKEN)) {
            given().header("Authorization", header).contentType(ContentType.JSON).body(body)
                    .when().post("/api/releases").then().statusCode(401);
        }
        assertThat(stored(version)).isZero();
    }

    @Test
    void badInputIsA400AndPlainHttpIsRefused() {
        String version = TestReleases.newVersion();
        Map<String, Object> http = TestReleases.signed(version);
        http.put("url", "http://releases.pifleet.example/x.deb");
        TestReleases.publish(http).then().statusCode(400).body("details[0].field", equalTo("url"));
        for (Map.Entry<String, Object> bad : List.<Map.Entry<String, Object>>of(Map.entry("version", "v1|2"),
                Map.entry("sha256", "ABC"), Map.entry("size", -1), Map.entry("signature", "abc"),
                Map.entry("url", "ftp://x"))) {
            Map<String, Object> body = TestReleases.signed(version);
            body.put(bad.getKey(), bad.getValue());
            TestReleases.publish(body).then().statusCode(400).body("error", equalTo("invalid_input"))
                    .body("details.field", hasItem(bad.getKey()));
        }
        assertThat(stored(version)).isZero();
    }

    @Test
    void aVersionIsPublishedOnceEvenByEightOperatorsAtOnce() {
        for (int round = 0; round < 3; round++) {
            String version = TestReleases.newVersion();
            Map<String, Object> body = TestReleases.signed(version);
            List<Integer> statuses = AtOnce.run(8, i -> TestReleases.publish(body).statusCode());
            assertThat(statuses).as("round %d", round).containsOnly(201, 409);
            assertThat(statuses.stream().filter(status -> status == 201)).hasSize(1);
            assertThat(stored(version)).isEqualTo(1);
        }
        String version = TestReleases.published();
        Map<String, Object> again = TestReleases.signed(version);
        TestReleases.publish(again).then().statusCode(409).body("error", equalTo("release_exists"))
                .body("message", not(equalTo("")));
    }

    @Test
    void theReleaseScriptSignsAndPublishesAPackage(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        String version = TestReleases.newVersion();
        java.nio.file.Path deb = tmp.resolve("pifleet-agent_" + version + "_all.deb");
        // A minimal package: the script signs the Version: of its control file.
        java.nio.file.Path tree = java.nio.file.Files.createDirectories(tmp.resolve("tree/DEBIAN"));
        java.nio.file.Files.writeString(tree.resolve("control"), "Package: pifleet-agent\nVersion: " + version
                + "\nArchitecture: all\nMaintainer: test <test@example.test>\nDescription: test\n");
        run(Map.of("PATH", System.getenv("PATH")), "dpkg-deb", "-b", tree.getParent().toString(), deb.toString());
        java.nio.file.Path script = java.nio.file.Path.of("../../scripts/release").toAbsolutePath().normalize();
        Map<String, String> env = Map.of("PIFLEET_RELEASE_KEY",
                java.nio.file.Path.of("src/test/resources/release-test-only.key").toAbsolutePath().toString(),
                "PIFLEET_OPERATOR_TOKEN", TestReleases.OPERATOR_TOKEN,
                "PIFLEET_REGISTRY_URL", "http://127.0.0.1:" + io.restassured.RestAssured.port,
                "PATH", System.getenv("PATH"));
        assertThat(run(env, script.toString(), "sign", deb.toString())).contains("signed " + version);
        String answer = run(env, script.toString(), "publish", deb.toString(),
                "https://releases.pifleet.example/" + deb.getFileName());
        assertThat(answer).contains("\"success\":true").contains(version);
        given().header("Authorization", "Operator " + TestReleases.OPERATOR_TOKEN).when().get("/api/releases")
                .then().statusCode(200).body("releases.find { it.version == '" + version + "' }.sha256",
                        equalTo(ReleaseSignature.sha256Hex(deb)));
    }

    private static String run(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(out).isZero();
        return out;
    }

    private long stored(String version) {
        return parse.count(ParseAuth.master(), ParseQuery.of("Release").equalTo("version", version));
    }

    private static java.security.PublicKey publicTestKey() {
        try {
            return ReleaseSignature.loadFolders(List.of(java.nio.file.Path.of("src/test/resources/release-keys")))
                    .getFirst();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
