package dev.pifleet.device;

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

/** The contract's device id ({@link DeviceIds}) on a request field or path parameter. Null passes. */
@Pattern(regexp = DeviceIds.PATTERN)
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Documented
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, METHOD, ANNOTATION_TYPE})
public @interface DeviceId {

    String message() default DeviceIds.RULE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
