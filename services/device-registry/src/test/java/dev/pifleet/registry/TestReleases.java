package dev.pifleet.registry;

import static io.restassured.RestAssured.given;

import dev.pifleet.device.release.ReleaseSignature;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

/**
 * Releases for tests: signed with the test-only release key whose public half the test profile trusts
 * ({@code src/test/resources/release-keys/test.pem}), published with the test profile's operator token.
 */
final class TestReleases {

    static final String OPERATOR_TOKEN = "test-operator-token";
    static final PrivateKey KEY = load();

    private TestReleases() {
    }

    /** A fresh version no other test uses. */
    static String newVersion() {
        return "1." + (System.nanoTime() & 0xffffff) + "." + (UUID.randomUUID().getLeastSignificantBits() & 0xffff);
    }

    static String sha256(String version) {
        return HexFormat.of().formatHex(ReleaseSignature.class.getName().concat(version).repeat(2).substring(0, 32)
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** A publish body signed by the trusted key. */
    static Map<String, Object> signed(String version) {
        String sha = sha256(version);
        Map<String, Object> body = new HashMap<>();
        body.put("version", version);
        body.put("sha256", sha);
        body.put("size", 25_000_000);
        body.put("url", "https://releases.pifleet.example/pifleet-agent_" + version + "_all.deb");
        body.put("signature", ReleaseSignature.sign(KEY, version, sha));
        return body;
    }

    static Response publish(Map<String, Object> body) {
        return given().header("Authorization", "Operator " + OPERATOR_TOKEN).contentType(ContentType.JSON).body(body)
                .when().post("/api/releases");
    }

    /** Publishes a fresh signed release; returns its version. */
    static String published() {
        String version = newVersion();
        publish(signed(version)).then().statusCode(201);
        return version;
    }

    private static PrivateKey load() {
        try {
            return ReleaseSignature.privateKey(Files.readString(Path.of("src/test/resources/release-test-only.key")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
