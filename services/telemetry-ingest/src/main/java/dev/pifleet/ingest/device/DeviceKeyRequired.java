package dev.pifleet.ingest.device;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** Marks a resource whose every request needs a valid device key, checked by {@link DeviceKeyFilter} before the body is read. */
@Target(TYPE)
@Retention(RUNTIME)
public @interface DeviceKeyRequired {
}
