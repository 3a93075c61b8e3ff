package dev.pifleet.device;

import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.Optional;

/** A sensor name Parse can store: the contract's pattern, none of Parse's reserved keys (see {@link SensorNames}). */
@Target(TYPE_USE)
@Retention(RUNTIME)
@Constraint(validatedBy = SensorName.Validator.class)
public @interface SensorName {

    String message() default "not a valid sensor name";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<SensorName, String> {

        @Override
        public boolean isValid(String name, ConstraintValidatorContext context) {
            Optional<String> problem = SensorNames.problem(name);
            if (problem.isEmpty()) {
                return true;
            }
            // The messages hold no template characters ({, }, $, \), so they are used as they are.
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(problem.get()).addConstraintViolation();
            return false;
        }
    }
}
