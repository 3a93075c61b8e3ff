package dev.pifleet.devicestore;

import dev.pifleet.parse.ParseAcl;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseException;
import dev.pifleet.parse.ParseFields;
import dev.pifleet.parse.ParseObject;
import dev.pifleet.parse.ParseQuery;
import dev.pifleet.parse.Pointer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * The one owner of the {@code DeviceShare} class (master key only): who, besides its owner, may use a device, and in
 * which role. A share names a normalised email, not a user: it works for an account created later, and answers the
 * same whether the account exists. (device, email) is unique, so of concurrent identical shares one create wins.
 * The rule that reads shares is {@link DeviceStore#require}; nothing else decides access.
 */
@ApplicationScoped
public class DeviceShares {

    static final String CLASS = "DeviceShare";
    static final String DEVICE = "device";
    static final String DEVICE_ID = "deviceId";
    static final String OWNER = "owner";
    static final String EMAIL = "email";
    static final String ROLE = "role";
    /** Parse's largest page: more shares than this per device, or received by one account, are not read. */
    static final int PAGE = 1000;

    private final ParseClient parse;

    DeviceShares(ParseClient parse) {
        this.parse = parse;
    }

    /** A share as stored, and whether this call created it (false: it existed, its role is now the one asked). */
    public record Outcome(DeviceShare share, boolean created) {
    }

    /**
     * Shares the device with the email in this role. Repeating a share is idempotent: the unique (device, email)
     * index lets one create win; every other call, concurrent or later, finds that row and sets its role.
     */
    public Outcome share(StoredDevice device, String normalisedEmail, DeviceRole role) {
        try {
            ParseObject created = parse.create(ParseAuth.master(), CLASS, ParseFields.create()
                    .set(DEVICE, DeviceClass.pointer(device.objectId()))
                    .set(DEVICE_ID, device.deviceId())
                    .set(OWNER, Pointer.user(device.ownerId()))
                    .set(EMAIL, normalisedEmail)
                    .set(ROLE, role.wireName())
                    .acl(ParseAcl.masterOnly()));
            return new Outcome(new DeviceShare(created.objectId(), device.objectId(), device.deviceId(),
                    device.ownerId(), normalisedEmail, role, created.createdAt()), true);
        } catch (ParseException.DuplicateValueException exists) {
            DeviceShare existing = parse.first(ParseAuth.master(), ofDeviceQuery(device.objectId())
                            .equalTo(EMAIL, normalisedEmail))
                    .map(DeviceShares::toShare)
                    .orElseThrow(() -> exists); // revoked in between: the caller may simply retry
            if (existing.role() != role) {
                parse.update(ParseAuth.master(), CLASS, existing.id(), ParseFields.create().set(ROLE, role.wireName()));
            }
            return new Outcome(new DeviceShare(existing.id(), existing.deviceObjectId(), existing.deviceId(),
                    existing.ownerId(), existing.email(), role, existing.createdAt()), false);
        }
    }

    /** The device's shares, oldest first. */
    public List<DeviceShare> ofDevice(String deviceObjectId) {
        return parse.find(ParseAuth.master(), ofDeviceQuery(deviceObjectId).orderBy("createdAt").limit(PAGE))
                .stream().map(DeviceShares::toShare).toList();
    }

    public long countOfDevice(String deviceObjectId) {
        return parse.count(ParseAuth.master(), ofDeviceQuery(deviceObjectId));
    }

    /** Deletes one of the device's shares; false when there is no such share (of concurrent revokes, one wins). */
    public boolean revoke(String deviceObjectId, String shareId) {
        Optional<ParseObject> row = parse.first(ParseAuth.master(), ofDeviceQuery(deviceObjectId)
                .equalTo("objectId", shareId));
        if (row.isEmpty()) {
            return false;
        }
        try {
            parse.delete(ParseAuth.master(), CLASS, shareId);
            return true;
        } catch (ParseException.ObjectNotFoundException alreadyGone) {
            return false;
        }
    }

    /** The shares naming this email (newest first): for the device list and, with a deviceId, for the access rule. */
    public List<DeviceShare> receivedBy(String normalisedEmail, String deviceId) {
        ParseQuery query = ParseQuery.of(CLASS).equalTo(EMAIL, normalisedEmail).orderBy("-createdAt").limit(PAGE);
        if (deviceId != null) {
            query.equalTo(DEVICE_ID, deviceId);
        }
        return parse.find(ParseAuth.master(), query).stream().map(DeviceShares::toShare).toList();
    }

    /** Deletes every share of the device (the device is gone); returns how many. */
    public int deleteAllOfDevice(String deviceObjectId) {
        return deleteAll(ofDeviceQuery(deviceObjectId));
    }

    /** Deletes every share an account gave; returns how many (account deletion). */
    public int deleteAllGivenBy(String ownerId) {
        return deleteAll(ParseQuery.of(CLASS).equalTo(OWNER, Pointer.user(ownerId)));
    }

    /** Deletes every share naming an email; returns how many (account deletion). */
    public int deleteAllReceivedBy(String normalisedEmail) {
        return deleteAll(ParseQuery.of(CLASS).equalTo(EMAIL, normalisedEmail));
    }

    private int deleteAll(ParseQuery query) {
        return parse.deleteAllFound(query.keys(EMAIL).limit(DeviceStore.BATCH_SIZE));
    }

    private static ParseQuery ofDeviceQuery(String deviceObjectId) {
        return ParseQuery.of(CLASS).equalTo(DEVICE, DeviceClass.pointer(deviceObjectId));
    }

    private static DeviceShare toShare(ParseObject row) {
        return new DeviceShare(row.objectId(), row.getPointerId(DEVICE), row.getString(DEVICE_ID),
                row.getPointerId(OWNER), row.getString(EMAIL),
                DeviceRole.fromWire(row.getString(ROLE)).orElse(DeviceRole.VIEWER), row.createdAt());
    }
}
