package dev.pifleet.ingest.history;

import dev.pifleet.service.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a page ended: the last reading's (timestamp, objectId), the order Parse sorts by, so readings with tied
 * timestamps are neither lost nor repeated. Opaque to clients; the check digest binds it to its device, so an
 * edited or foreign cursor is refused rather than silently starting elsewhere. It grants nothing: the device
 * is still checked against the caller on every page.
 */
record ReadingCursor(Instant timestamp, String objectId) {

    /** The longest cursor issued: unpadded base64 of a 16-char time, a 32-char objectId, a 16-char check and 2 dots. */
    static final int MAX_LENGTH = 88;

    private static final Pattern FORMAT = Pattern.compile("^(-?\\d{1,15})\\.([A-Za-z0-9]{1,32})\\.([0-9a-f]{16})$");

    String encode(String deviceId) {
        String position = timestamp.toEpochMilli() + "." + objectId;
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((position + "." + check(deviceId, position)).getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor's position, or a 400 naming {@code cursor} when it is not one this service issued for the device. */
    static ReadingCursor decode(String cursor, String deviceId) {
        if (cursor.length() > MAX_LENGTH) {
            throw ApiException.badRequest("cursor", "a cursor is at most " + MAX_LENGTH
                    + " characters: pass the nextCursor of a previous page unchanged");
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            Matcher parts = FORMAT.matcher(text);
            if (parts.matches()) {
                String position = parts.group(1) + "." + parts.group(2);
                if (MessageDigest.isEqual(check(deviceId, position).getBytes(StandardCharsets.US_ASCII),
                        parts.group(3).getBytes(StandardCharsets.US_ASCII))) {
                    return new ReadingCursor(Instant.ofEpochMilli(Long.parseLong(parts.group(1))), parts.group(2));
                }
            }
        } catch (IllegalArgumentException notBase64) {
            // answered below like any other bad cursor
        }
        throw ApiException.badRequest("cursor", "not a cursor from a previous page of this device's readings");
    }

    private static String check(String deviceId, String position) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((deviceId + "\n" + position).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
