package dev.pifleet.auth.session;

/** The user a valid session token belongs to; the verify endpoint's answer. */
public record SessionUser(String userId, String email) {
}
