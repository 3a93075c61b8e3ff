package dev.pifleet.registry.share;

import dev.pifleet.devicestore.DeviceShare;
import java.time.Instant;
import java.util.List;

/**
 * A share as its owner sees it. Nothing says whether the email has an account (yet): the owner learns no more
 * than they typed.
 */
public record ShareView(String id, String email, String role, Instant createdAt) {

    static ShareView of(DeviceShare share) {
        return new ShareView(share.id(), share.email(), share.role().wireName(), share.createdAt());
    }

    public record One(boolean success, ShareView share) {
    }

    public record Many(boolean success, List<ShareView> shares) {
    }
}
