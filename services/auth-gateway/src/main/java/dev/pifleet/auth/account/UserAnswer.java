package dev.pifleet.auth.account;

public record UserAnswer(boolean success, String userId, String email) {
}
