package dev.pifleet.devicestore;

import dev.pifleet.device.DeviceStatus;
import dev.pifleet.parse.BatchOperation;
import dev.pifleet.parse.BatchResult;
import dev.pifleet.parse.ParseAcl;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseException;
import dev.pifleet.parse.ParseFields;
import dev.pifleet.parse.ParseObject;
import dev.pifleet.parse.ParseQuery;
import dev.pifleet.parse.Pointer;
import dev.pifleet.service.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one owner of the {@code Device} class: every service reads and writes devices here, and nowhere else is the
 * class's wire format or the rule of who may use a device written. Every call uses the master key (the CLP lets only
 * the master key write). Where a caller's device is meant, the rule is part of the query ({@link #require}), so
 * another user's row is never even loaded.
 */
@ApplicationScoped
public class DeviceStore {

    /** Parse's /batch is fastest at about 50 objects per request (measured, see docs/parse-server.md). */
    public static final int BATCH_SIZE = 50;
    /** The most devices one user's list returns. */
    static final int MAX_DEVICES_PER_OWNER = 1000;

    private static final String[] VISIBLE_FIELDS = {DeviceClass.DEVICE_ID, DeviceClass.DEVICE_NAME,
            DeviceClass.OWNER, DeviceClass.STATUS, DeviceClass.LAST_SEEN, DeviceClass.AGENT_KEY,
            DeviceClass.KEY_GENERATION, DeviceClass.TAGS, DeviceClass.PURGE_REQUESTED_AT};
    /**
     * How long a key generation's OnceKey is kept: far longer than any request that read the generation before it
     * can still be running (a stale request would otherwise take a generation already used, and overwrite a newer key).
     */
    private static final Duration KEY_GENERATION_KEPT = Duration.ofDays(1);
    /**
     * {@code DeviceKeyChange}: one row per change of a device's key (and per deleted device), kept a day. The ingest
     * replicas read it every second to drop cached keys; a row outlives the Device row, so a deletion is seen too.
     */
    static final String KEY_CHANGE_CLASS = "DeviceKeyChange";
    private static final String KEY_CHANGE_DEVICE = "device";
    private static final String KEY_CHANGE_GENERATION = "generation";
    private static final String KEY_CHANGE_AT = "changedAt";
    private static final String KEY_CHANGE_EXPIRES_AT = "expiresAt";
    /** The generation a deleted device's keys are retired with: above any a real device reaches. */
    static final long DELETED_GENERATION = 1_000_000_000_000L;
    /** Changes that must happen (a purge, a new binding) retry this often when a concurrent key change came first. */
    private static final int MUST_WIN_ATTEMPTS = 10;

    private final ParseClient parse;
    private final OnceKeys onceKeys;
    private final DeviceShares shares;
    private final AccountEmails accountEmails;

    DeviceStore(ParseClient parse, OnceKeys onceKeys, DeviceShares shares, AccountEmails accountEmails) {
        this.parse = parse;
        this.onceKeys = onceKeys;
        this.shares = shares;
        this.accountEmails = accountEmails;
    }

    /**
     * The access rule, the one place that decides whether a user may use a device: the caller's own device, or one
     * shared with the caller's email; a holder whose role lacks {@code right} gets 403 {@code insufficient_role},
     * everyone else the 404 an absent device gets (another user's device, and one being purged, answer exactly the
     * same, so existence is not leaked). Shares are read on every call, never cached: a revoked share stops working
     * with the next request.
     */
    public StoredDevice require(String userId, String deviceId, DeviceRight right) {
        return requireAccess(userId, deviceId, right).device();
    }

    /** {@link #require}, with the role in which the caller holds the device (a page shows it). */
    public DeviceAccess requireAccess(String userId, String deviceId, DeviceRight right) {
        Objects.requireNonNull(right, "right");
        DeviceAccess access = access(userId, deviceId).orElseThrow(() -> ApiException.notFound("no such device"));
        if (!access.role().grants(right)) {
            throw ApiException.forbidden("insufficient_role", "the device is shared with you as "
                    + access.role().wireName() + "; only its owner" + (right == DeviceRight.OPERATE ? " or an operator" : "")
                    + " may do this");
        }
        return access;
    }

    /**
     * The device and the caller's role in it, or empty (absent, purging, another user's and not shared with the
     * caller). The caller's own device wins over a share of another user's device with the same deviceId.
     */
    public Optional<DeviceAccess> access(String userId, String deviceId) {
        Optional<StoredDevice> owned = parse.first(ParseAuth.master(), devices()
                        .equalTo(DeviceClass.DEVICE_ID, deviceId)
                        .equalTo(DeviceClass.OWNER, Pointer.user(userId))
                        .doesNotExist(DeviceClass.PURGE_REQUESTED_AT))
                .map(DeviceStore::toDevice);
        if (owned.isPresent()) {
            return Optional.of(new DeviceAccess(owned.get(), DeviceRole.OWNER));
        }
        Optional<String> email = accountEmails.of(userId);
        if (email.isEmpty()) {
            return Optional.empty();
        }
        List<DeviceShare> received = shares.receivedBy(email.get(), deviceId);
        return received.isEmpty() ? Optional.empty() : sharedDevices(received).stream().findFirst();
    }

    /** The devices shared with the user, each with its role (the device list marks them shared). */
    public List<DeviceAccess> listShared(String userId) {
        return accountEmails.of(userId).map(email -> sharedDevices(shares.receivedBy(email, null))).orElse(List.of());
    }

    /**
     * The shared devices that still exist, are not being purged and still belong to the user who shared them, in
     * the shares' order. One share per device: the first (newest) wins.
     */
    private List<DeviceAccess> sharedDevices(List<DeviceShare> received) {
        Map<String, StoredDevice> byObjectId = new HashMap<>();
        byObjectIds(received.stream().map(DeviceShare::deviceObjectId).distinct().toList())
                .forEach(device -> byObjectId.put(device.objectId(), device));
        Map<String, DeviceAccess> accesses = new java.util.LinkedHashMap<>();
        for (DeviceShare share : received) {
            StoredDevice device = byObjectId.get(share.deviceObjectId());
            if (device != null && !device.purging() && device.isOwnedBy(share.ownerId())) {
                accesses.putIfAbsent(device.objectId(), new DeviceAccess(device, share.role()));
            }
        }
        return List.copyOf(accesses.values());
    }

    /**
     * The device whose API key has this SHA-256 hash (the ingest's authentication; the hash is the only field that
     * is compared and never returned). A device being purged has no key, so it is never found.
     */
    public Optional<StoredDevice> findByKeyHash(String apiKeyHash) {
        return parse.first(ParseAuth.master(), devices().equalTo(DeviceClass.API_KEY_HASH, apiKeyHash))
                .map(DeviceStore::toDevice);
    }

    /**
     * The devices whose key changed or that were deleted after {@code since} (objectId → their key generation now;
     * a deleted one's is above any real one), or empty when there were {@code limit} or more changes, so that some
     * may be left out: the ingest's key cache then drops every key.
     */
    public Optional<Map<String, Long>> keyGenerationsChangedAfter(Instant since, int limit) {
        List<ParseObject> rows = parse.find(ParseAuth.master(), ParseQuery.of(KEY_CHANGE_CLASS)
                .greaterThan(KEY_CHANGE_AT, since).keys(KEY_CHANGE_DEVICE, KEY_CHANGE_GENERATION).limit(limit));
        if (rows.size() >= limit) {
            return Optional.empty();
        }
        Map<String, Long> generations = new HashMap<>();
        rows.forEach(row -> generations.merge(row.getString(KEY_CHANGE_DEVICE), row.getLong(KEY_CHANGE_GENERATION), Math::max));
        return Optional.of(generations);
    }

    /** Records that the device's key is now at {@code generation} (deleted: {@link #DELETED_GENERATION}). */
    private void recordKeyChange(String objectId, long generation) {
        Instant now = Instant.now();
        parse.create(ParseAuth.master(), KEY_CHANGE_CLASS, ParseFields.create()
                .set(KEY_CHANGE_DEVICE, objectId).set(KEY_CHANGE_GENERATION, generation)
                .set(KEY_CHANGE_AT, now).set(KEY_CHANGE_EXPIRES_AT, now.plus(KEY_GENERATION_KEPT))
                .acl(ParseAcl.masterOnly()));
    }

    /** Deletes up to one batch of key-change records older than a day; returns how many (the registry's sweep). */
    public int deleteExpiredKeyChanges(Instant now) {
        return parse.deleteFound(ParseQuery.of(KEY_CHANGE_CLASS)
                .lessThan(KEY_CHANGE_EXPIRES_AT, now).keys(KEY_CHANGE_EXPIRES_AT).limit(BATCH_SIZE));
    }

    public Optional<StoredDevice> findById(String objectId) {
        return parse.first(ParseAuth.master(), devices().equalTo("objectId", objectId)).map(DeviceStore::toDevice);
    }

    /** Every row reporting this deviceId: one per owner at most, and agents of other owners may report it too. */
    public List<StoredDevice> findAllByDeviceId(String deviceId) {
        return parse.find(ParseAuth.master(), devices().equalTo(DeviceClass.DEVICE_ID, deviceId).limit(MAX_DEVICES_PER_OWNER))
                .stream().map(DeviceStore::toDevice).toList();
    }

    /** The device bound to this agent key pair, if a claim code of the agent has been redeemed. */
    public Optional<StoredDevice> findByAgentKey(String agentKey) {
        return parse.first(ParseAuth.master(), devices().equalTo(DeviceClass.AGENT_KEY, agentKey))
                .map(DeviceStore::toDevice);
    }

    public long countOwned(String ownerId) {
        return parse.count(ParseAuth.master(), ParseQuery.of(DeviceClass.NAME)
                .equalTo(DeviceClass.OWNER, Pointer.user(ownerId))
                .doesNotExist(DeviceClass.PURGE_REQUESTED_AT));
    }

    /**
     * The owner's devices; with a tag, only those carrying it. {@code $in} on an Array field is "contains any of" in
     * Parse's PostgreSQL adapter; a plain equality would compare the whole array (and fail on jsonb).
     */
    public List<StoredDevice> listOwned(String ownerId, String tag) {
        ParseQuery query = devices()
                .equalTo(DeviceClass.OWNER, Pointer.user(ownerId))
                .doesNotExist(DeviceClass.PURGE_REQUESTED_AT)
                .limit(MAX_DEVICES_PER_OWNER);
        if (tag != null) {
            query.containedIn(DeviceClass.TAGS, List.of(tag));
        }
        return parse.find(ParseAuth.master(), query).stream().map(DeviceStore::toDevice).toList();
    }

    /**
     * Creates a device paired by deviceId alone, owned by {@code ownerId}, readable and writable by that user only.
     *
     * @throws ParseException.DuplicateValueException when a legacy claim of the deviceId (or the owner's own row for
     *         it) already exists: the unique indexes decide races
     */
    public void createLegacy(String deviceId, String name, String ownerId, String apiKeyHash) {
        parse.create(ParseAuth.master(), DeviceClass.NAME, newDevice(deviceId, name, ownerId)
                .set(DeviceClass.LEGACY_DEVICE_ID, deviceId)
                .set(DeviceClass.API_KEY_HASH, apiKeyHash));
    }

    /**
     * Creates a device paired by claim code: bound to the agent's key, without an API key until the agent collects one.
     *
     * @throws ParseException.DuplicateValueException when the claim was redeemed or the agent bound concurrently
     */
    public void createByCode(String deviceId, String name, String ownerId, String agentKey, String claimId) {
        parse.create(ParseAuth.master(), DeviceClass.NAME, newDevice(deviceId, name, ownerId)
                .set(DeviceClass.AGENT_KEY, agentKey)
                .set(DeviceClass.CLAIM_ID, claimId));
    }

    /**
     * Binds an existing row of the claimer to the agent that showed the code, keeping its readings. Its old key stops
     * working; the agent collects a new one.
     *
     * @throws ParseException.DuplicateValueException when the claim was redeemed concurrently
     */
    public void bindToAgent(StoredDevice device, String name, String agentKey, String claimId) {
        changeKeyOrRetry(device, () -> ParseFields.create()
                .set(DeviceClass.DEVICE_NAME, name)
                .set(DeviceClass.AGENT_KEY, agentKey)
                .set(DeviceClass.CLAIM_ID, claimId)
                .unset(DeviceClass.LEGACY_DEVICE_ID)
                .unset(DeviceClass.API_KEY_HASH));
    }

    private static ParseFields newDevice(String deviceId, String name, String ownerId) {
        return ParseFields.create()
                .set(DeviceClass.DEVICE_ID, deviceId)
                .set(DeviceClass.DEVICE_NAME, name)
                .set(DeviceClass.OWNER, Pointer.user(ownerId))
                .set(DeviceClass.STATUS, DeviceStatus.NEVER_SEEN.wireName())
                .acl(ParseAcl.ownerReadWrite(ownerId));
    }

    /**
     * Sets the device's key hash (null: no key) as its next key generation, so the old key stops finding the device.
     * Read-then-write would let two concurrent changes both report success while only the last one's key works; here
     * the change first claims generation n+1 of the generation n it read, as a OnceKey. Of concurrent changes one
     * wins; the others change nothing and get false.
     */
    public boolean changeKey(StoredDevice device, String apiKeyHash) {
        ParseFields change = ParseFields.create();
        return changeKey(device, apiKeyHash == null ? change.unset(DeviceClass.API_KEY_HASH)
                : change.set(DeviceClass.API_KEY_HASH, apiKeyHash));
    }

    private boolean changeKey(StoredDevice device, ParseFields change) {
        long next = device.keyGeneration() + 1;
        if (!onceKeys.firstUse("device-key:" + device.objectId() + ":" + next, Instant.now().plus(KEY_GENERATION_KEPT))) {
            return false;
        }
        parse.update(ParseAuth.master(), DeviceClass.NAME, device.objectId(), change.set(DeviceClass.KEY_GENERATION, next));
        recordKeyChange(device.objectId(), next);
        return true;
    }

    /** A key change that must happen: after losing to a concurrent one, it reads the device again and retries. */
    private void changeKeyOrRetry(StoredDevice device, Supplier<ParseFields> change) {
        StoredDevice current = device;
        for (int attempt = 0; attempt < MUST_WIN_ATTEMPTS; attempt++) {
            if (changeKey(current, change.get())) {
                return;
            }
            current = findById(device.objectId()).orElseThrow(() -> ApiException.notFound("no such device"));
        }
        throw ApiException.conflict("device_busy", "the device's key is being changed concurrently; try again");
    }

    public void rename(String objectId, String name) {
        update(objectId, name, null);
    }

    /** Sets the name and/or the tags (a null one is left as it is). */
    public void update(String objectId, String name, List<String> tags) {
        ParseFields fields = ParseFields.create();
        if (name != null) {
            fields.set(DeviceClass.DEVICE_NAME, name);
        }
        if (tags != null) {
            fields.set(DeviceClass.TAGS, tags);
        }
        parse.update(ParseAuth.master(), DeviceClass.NAME, objectId, fields);
    }

    /**
     * Takes the device out of its owner's hands at once (no key, no deviceId anyone can claim or read by) and leaves
     * the row as the purge job's to-do item: its readings are deleted in the background, then the row.
     */
    public void markForPurge(StoredDevice device, Instant now) {
        changeKeyOrRetry(device, () -> ParseFields.create()
                .set(DeviceClass.DEVICE_ID, "purging:" + device.objectId())
                .set(DeviceClass.PURGE_REQUESTED_AT, now)
                .unset(DeviceClass.API_KEY_HASH)
                .unset(DeviceClass.LEGACY_DEVICE_ID)
                .unset(DeviceClass.AGENT_KEY)
                .unset(DeviceClass.CLAIM_ID));
    }

    /**
     * Account deletion's part here: every device of the user is handed to the purge job (its key stops working now),
     * and every share the user gave or received is deleted, so an account made later with the same email inherits
     * nothing. Idempotent: the gateway runs it at once, the registry's purge job again to finish after a failure.
     */
    public void purgeAccount(String userId, String normalisedEmail, Instant now) {
        for (StoredDevice device : listOwned(userId, null)) {
            markForPurge(device, now);
        }
        shares.deleteAllGivenBy(userId);
        shares.deleteAllReceivedBy(normalisedEmail);
    }

    /** Rows waiting for their readings to be purged, at most one batch of them. */
    public List<String> devicesToPurge() {
        return parse.find(ParseAuth.master(), ParseQuery.of(DeviceClass.NAME)
                        .exists(DeviceClass.PURGE_REQUESTED_AT)
                        .keys(DeviceClass.PURGE_REQUESTED_AT)
                        .limit(BATCH_SIZE))
                .stream().map(ParseObject::objectId).toList();
    }

    public void delete(String objectId) {
        // Recorded first: the row (and its key) is gone for every ingest replica once a look sees this.
        recordKeyChange(objectId, DELETED_GENERATION);
        // Shares of a deleted device grant nothing (the rule loads the device), but nothing should outlive it.
        shares.deleteAllOfDevice(objectId);
        try {
            parse.delete(ParseAuth.master(), DeviceClass.NAME, objectId);
        } catch (ParseException.ObjectNotFoundException alreadyGone) {
            // A concurrent delete of the same device got there first: the outcome is the same.
        }
    }

    /**
     * Writes status=online and lastSeen=now (the ingest, coalesced to one write per device per interval); false when
     * the row was deleted meanwhile.
     */
    public boolean markSeen(String objectId, Instant now) {
        try {
            parse.update(ParseAuth.master(), DeviceClass.NAME, objectId, ParseFields.create()
                    .set(DeviceClass.STATUS, DeviceStatus.ONLINE.wireName())
                    .set(DeviceClass.LAST_SEEN, now));
            return true;
        } catch (ParseException.ObjectNotFoundException deleted) {
            return false;
        }
    }

    /** Devices stored as online whose last contact is older than {@code quietSince}, at most one batch of them. */
    public List<String> quietOnlineDevices(Instant quietSince) {
        return parse.find(ParseAuth.master(), ParseQuery.of(DeviceClass.NAME)
                        .equalTo(DeviceClass.STATUS, DeviceStatus.ONLINE.wireName())
                        .lessThan(DeviceClass.LAST_SEEN, quietSince)
                        .keys(DeviceClass.LAST_SEEN)
                        .limit(BATCH_SIZE))
                .stream().map(ParseObject::objectId).toList();
    }

    /** Writes status=offline to the given devices in one batch; returns how many were written. */
    public long markOffline(List<String> objectIds) {
        List<BatchOperation> updates = objectIds.stream()
                .map(objectId -> BatchOperation.update(DeviceClass.NAME, objectId,
                        ParseFields.create().set(DeviceClass.STATUS, DeviceStatus.OFFLINE.wireName())))
                .toList();
        return BatchResult.countApplied(parse.batch(ParseAuth.master(), updates));
    }

    /** These rows (those that still exist, purging ones included: the caller decides what purging means to it). */
    public List<StoredDevice> byObjectIds(Collection<String> objectIds) {
        if (objectIds.isEmpty()) {
            return List.of();
        }
        return parse.find(ParseAuth.master(), devices().containedIn("objectId", objectIds).limit(objectIds.size()))
                .stream().map(DeviceStore::toDevice).toList();
    }

    /** One page of every device in objectId order, after {@code afterObjectId} (null: from the start). */
    public List<StoredDevice> page(String afterObjectId, int limit) {
        ParseQuery page = devices().orderBy("objectId").limit(limit);
        if (afterObjectId != null) {
            page.greaterThan("objectId", afterObjectId);
        }
        return parse.find(ParseAuth.master(), page).stream().map(DeviceStore::toDevice).toList();
    }

    private static long keyGeneration(ParseObject row) {
        Long generation = row.getLong(DeviceClass.KEY_GENERATION);
        return generation == null ? 0 : generation;
    }

    private static ParseQuery devices() {
        return ParseQuery.of(DeviceClass.NAME).keys(VISIBLE_FIELDS);
    }

    private static StoredDevice toDevice(ParseObject row) {
        return new StoredDevice(row.objectId(), row.getString(DeviceClass.DEVICE_ID),
                row.getString(DeviceClass.DEVICE_NAME), row.getPointerId(DeviceClass.OWNER),
                row.getString(DeviceClass.STATUS), row.getDate(DeviceClass.LAST_SEEN), row.createdAt(),
                row.getString(DeviceClass.AGENT_KEY),
                keyGeneration(row),
                row.getStrings(DeviceClass.TAGS), row.has(DeviceClass.PURGE_REQUESTED_AT));
    }
}
