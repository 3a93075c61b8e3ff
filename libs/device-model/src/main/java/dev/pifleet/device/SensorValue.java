package dev.pifleet.device;

import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A sensor value as the contract allows it: a finite number, a boolean, or a string of at most 128 chars without
 * NUL (PostgreSQL cannot store {@code \u0000} in a jsonb value).
 */
@Target(TYPE_USE)
@Retention(RUNTIME)
@Constraint(validatedBy = SensorValue.Validator.class)
public @interface SensorValue {

    int MAX_TEXT_LENGTH = 128;

    String message() default "must be a finite number, a boolean or a string of at most 128 characters without NUL";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<SensorValue, Object> {

        @Override
        public boolean isValid(Object value, ConstraintValidatorContext context) {
            return switch (value) {
                case String text -> text.length() <= MAX_TEXT_LENGTH && text.indexOf('\u0000') < 0;
                case Boolean flag -> true;
                case Integer number -> true;
                case Long number -> true;
                case BigInteger number -> Double.isFinite(number.doubleValue());
                case BigDecimal number -> Double.isFinite(number.doubleValue());
                case Double number -> Double.isFinite(number);
                case null, default -> false;
            };
        }
    }
}
