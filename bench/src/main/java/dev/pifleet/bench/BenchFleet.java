package dev.pifleet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pifleet.device.ApiKeys;
import dev.pifleet.devicestore.DeviceClass;
import dev.pifleet.device.DeviceStatus;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The users and devices the benchmark writes as: users signed up through Parse's REST API, Device rows created
 * with the master key exactly as the registry stores them (owner pointer, key hash, owner-only ACL).
 */
public final class BenchFleet {

    private static final int CREATE_BATCH = 50;

    private final ParseRest parse;
    private final List<String> ownerIds = new ArrayList<>();
    private int nextDevice;

    public BenchFleet(ParseRest parse) {
        this.parse = parse;
    }

    public void signUpOwners(int count) throws IOException, InterruptedException {
        String run = HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
        for (int i = 0; i < count; i++) {
            ObjectNode user = ParseRest.NODES.objectNode()
                    .put("username", "bench-" + run + "-" + i + "@pifleet.test")
                    .put("password", HexFormat.of().formatHex(new SecureRandom().generateSeed(12)));
            ownerIds.add(HttpJson.await(parse.post("/users", user)).path("objectId").asText());
        }
    }

    /** Creates {@code count} devices spread over the owners, each with a fresh key. */
    public List<BenchDevice> createDevices(String cohort, int count) throws IOException, InterruptedException {
        if (ownerIds.isEmpty()) {
            throw new IllegalStateException("sign up owners first");
        }
        List<BenchDevice> devices = new ArrayList<>(count);
        while (devices.size() < count) {
            List<BenchDevice> chunk = new ArrayList<>();
            List<ObjectNode> operations = new ArrayList<>();
            for (int i = 0; i < CREATE_BATCH && devices.size() + chunk.size() < count; i++) {
                int n = nextDevice++;
                String ownerId = ownerIds.get(n % ownerIds.size());
                String apiKey = ApiKeys.generate();
                BenchDevice device = new BenchDevice(null, "bench-" + cohort + "-" + n, ownerId, apiKey,
                        ApiKeys.hash(apiKey));
                ObjectNode fields = ParseRest.NODES.objectNode()
                        .put(DeviceClass.DEVICE_ID, device.deviceId())
                        .put(DeviceClass.DEVICE_NAME, "bench device " + n)
                        .put(DeviceClass.API_KEY_HASH, device.apiKeyHash())
                        .put(DeviceClass.STATUS, DeviceStatus.NEVER_SEEN.wireName());
                fields.set(DeviceClass.OWNER, ParseRest.pointer("_User", ownerId));
                fields.set("ACL", ParseRest.ownerAcl(ownerId, true));
                operations.add(parse.createOperation(DeviceClass.NAME, fields));
                chunk.add(device);
            }
            ArrayNode results = HttpJson.await(parse.batch(operations));
            for (int i = 0; i < chunk.size(); i++) {
                JsonNode success = results.get(i).path("success");
                if (success.isMissingNode()) {
                    throw new IllegalStateException("device creation failed: " + results.get(i));
                }
                BenchDevice device = chunk.get(i);
                devices.add(new BenchDevice(success.path("objectId").asText(), device.deviceId(), device.ownerId(),
                        device.apiKey(), device.apiKeyHash()));
            }
        }
        return devices;
    }
}
