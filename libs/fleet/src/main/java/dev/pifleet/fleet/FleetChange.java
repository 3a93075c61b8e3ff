package dev.pifleet.fleet;

/**
 * Something a device may be waiting for: a changed desired document or a new command. {@code signature} tells one
 * change from another ("a row seen at the previous look is not news"), {@code deviceObjectId} whom it concerns.
 */
public record FleetChange(String signature, String deviceObjectId) {
}
