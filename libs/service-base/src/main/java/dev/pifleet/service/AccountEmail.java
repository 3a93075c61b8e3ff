package dev.pifleet.service;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An email as pifleet takes it for a username: {@code local@domain.tld}, surrounding spaces allowed
 * (they are trimmed). {@link Normal#of} is the one normalisation: the auth-gateway's usernames and the
 * device shares' grantees compare equal through it. Stricter than {@code @Email}, which accepts {@code a@b} that Parse then refuses.
 */
@NotNull
@Size(max = 254)
@Pattern(regexp = "\\s*[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)*\\.[A-Za-z]{2,}\\s*")
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Documented
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface AccountEmail {

    String message() default "must be an email address";

    /** How an account's email is stored and compared: trimmed and lower-cased (the username, a share's grantee). */
    final class Normal {

        private Normal() {
        }

        public static String of(String email) {
            return email.trim().toLowerCase(java.util.Locale.ROOT);
        }
    }

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
