package dev.pifleet.session;

/** The user a valid session token belongs to. */
public record VerifiedUser(String userId, String email) {
}
