package dev.pifleet.registry.share;

import dev.pifleet.devicestore.DeviceRight;
import dev.pifleet.devicestore.DeviceShares;
import dev.pifleet.devicestore.DeviceStore;
import dev.pifleet.devicestore.StoredDevice;
import dev.pifleet.registry.status.RegistryConfig;
import dev.pifleet.service.AccountEmail;
import dev.pifleet.service.ApiException;
import dev.pifleet.session.VerifiedUser;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The owner's side of sharing: who else may use a device. Only the owner may (the rule's {@link DeviceRight#OWN});
 * a viewer or operator gets 403, anyone else 404. Access itself is decided by {@link DeviceStore#require}.
 */
@ApplicationScoped
public class DeviceSharing {

    private static final Pattern OBJECT_ID = Pattern.compile("^[A-Za-z0-9]{1,32}$");

    private final DeviceStore devices;
    private final DeviceShares shares;
    private final int sharesPerDevice;

    DeviceSharing(DeviceStore devices, DeviceShares shares, RegistryConfig config) {
        this.devices = devices;
        this.shares = shares;
        this.sharesPerDevice = config.sharesPerDevice();
    }

    /** Shares the device; the same answer whether the email has an account or not. */
    public DeviceShares.Outcome share(VerifiedUser owner, String deviceId, ShareRequest request) {
        String email = AccountEmail.Normal.of(request.email());
        if (email.equals(AccountEmail.Normal.of(owner.email()))) {
            throw ApiException.badRequest("email", "that is your own address: you own this device already");
        }
        StoredDevice device = devices.require(owner.userId(), deviceId, DeviceRight.OWN);
        // Counted before the write, like the device quota: concurrent shares can pass it by the number in flight.
        if (shares.countOfDevice(device.objectId()) >= sharesPerDevice) {
            throw ApiException.conflict("share_quota_reached", "this device is shared with " + sharesPerDevice
                    + " accounts, the most it may be; revoke one first");
        }
        return shares.share(device, email, request.deviceRole());
    }

    public List<ShareView> list(String userId, String deviceId) {
        StoredDevice device = devices.require(userId, deviceId, DeviceRight.OWN);
        return shares.ofDevice(device.objectId()).stream().map(ShareView::of).toList();
    }

    public void revoke(String userId, String deviceId, String shareId) {
        StoredDevice device = devices.require(userId, deviceId, DeviceRight.OWN);
        if (!OBJECT_ID.matcher(shareId).matches() || !shares.revoke(device.objectId(), shareId)) {
            throw ApiException.notFound("no such share");
        }
    }
}
