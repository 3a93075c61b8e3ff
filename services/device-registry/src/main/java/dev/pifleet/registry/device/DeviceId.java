package dev.pifleet.registry.device;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** The contract's device id: 3–128 characters of {@code A-Za-z0-9._:-} (the seed's SHA-256 hex ids fit). Null passes. */
@Pattern(regexp = "^[A-Za-z0-9._:-]{3,128}$")
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Documented
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, METHOD, ANNOTATION_TYPE})
public @interface DeviceId {

    String message() default "must be 3 to 128 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
