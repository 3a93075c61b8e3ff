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

/**
 * A device's display name: 1–64 code points, none a control, format or unassigned character
 * ({@code \p{C}}), and not only spaces. Null passes.
 */
@Pattern(regexp = "^(?=.*\\S)\\P{C}{1,64}$")
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Documented
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, METHOD, ANNOTATION_TYPE})
public @interface DeviceName {

    String message() default "must be 1 to 64 printable characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
