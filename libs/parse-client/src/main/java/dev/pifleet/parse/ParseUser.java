package dev.pifleet.parse;

/** A Parse user as sign-up, login and /users/me return it. */
public record ParseUser(String objectId, String username, String email, String sessionToken) {

    @Override
    public String toString() {
        return "ParseUser[objectId=" + objectId + ", username=" + username + ", sessionToken=<redacted>]";
    }
}
