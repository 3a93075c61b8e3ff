package dev.pifleet.auth.account;

/** {@code emailVerified}: alert mails go only to a verified address (always true when verification is off). */
public record UserAnswer(boolean success, String userId, String email, boolean emailVerified) {
}
