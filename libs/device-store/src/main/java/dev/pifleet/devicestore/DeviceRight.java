package dev.pifleet.devicestore;

/**
 * What a caller means to do with a device, as {@link DeviceStore#require} is asked it. The owner holds every right;
 * a share grants some of them ({@link DeviceRole}: a viewer VIEW, an operator also OPERATE), and the store answers
 * 403 to a holder who lacks the one asked for, 404 to everyone else.
 */
public enum DeviceRight {
    /** Read the device, its readings, series, exports and alerts. */
    VIEW,
    /** Steer it: desired configuration, commands. */
    OPERATE,
    /** Rename, tag, rotate or revoke its key, delete or purge it, and decide who else holds it. */
    OWN
}
