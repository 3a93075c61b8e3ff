package dev.pifleet.auth.account;

/** What sign-up and login answer: the user and the session token that proves it. */
public record SessionAnswer(boolean success, String userId, String email, String sessionToken) {

    static SessionAnswer of(String userId, String email, String sessionToken) {
        return new SessionAnswer(true, userId, email, sessionToken);
    }

    @Override
    public String toString() {
        return "SessionAnswer[userId=" + userId + ", email=" + email + ", sessionToken=<redacted>]";
    }
}
