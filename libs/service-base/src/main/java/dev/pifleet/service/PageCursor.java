package dev.pifleet.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a page of a list ordered by (time, objectId) ended. Opaque to clients; the check digest binds it to a scope
 * (the user and the list's filters), so an edited or foreign cursor is refused rather than silently starting
 * elsewhere. It grants nothing: the caller's rights are still checked on every page.
 */
public record PageCursor(Instant at, String objectId) {

    /** The longest cursor issued: unpadded base64 of a 16-char time, a 32-char objectId, a 16-char check and 2 dots. */
    public static final int MAX_LENGTH = 88;
    private static final Pattern FORMAT = Pattern.compile("^(-?\\d{1,15})\\.([A-Za-z0-9]{1,32})\\.([0-9a-f]{16})$");

    public String encode(String scope) {
        String position = at.toEpochMilli() + "." + objectId;
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((position + "." + check(scope, position)).getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor's position, or the contract's 400 naming {@code cursor} when it is not one issued for this scope. */
    public static PageCursor decode(String cursor, String scope) {
        if (cursor.length() <= MAX_LENGTH) {
            try {
                Matcher parts = FORMAT.matcher(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
                if (parts.matches()) {
                    String position = parts.group(1) + "." + parts.group(2);
                    if (MessageDigest.isEqual(check(scope, position).getBytes(StandardCharsets.US_ASCII),
                            parts.group(3).getBytes(StandardCharsets.US_ASCII))) {
                        return new PageCursor(Instant.ofEpochMilli(Long.parseLong(parts.group(1))), parts.group(2));
                    }
                }
            } catch (IllegalArgumentException notBase64) {
                // answered below like any other bad cursor
            }
        }
        throw ApiException.badRequest("cursor", "not a cursor from a previous page of this list; pass nextCursor unchanged");
    }

    private static String check(String scope, String position) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((scope + "\n" + position).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
