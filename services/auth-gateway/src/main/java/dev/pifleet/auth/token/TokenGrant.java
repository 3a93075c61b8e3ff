package dev.pifleet.auth.token;

import java.time.Instant;
import java.util.List;

/** What a valid token lets its bearer do, and until when. */
public record TokenGrant(String tokenId, String userId, String email, List<String> scopes, Instant expiresAt) {

    boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
