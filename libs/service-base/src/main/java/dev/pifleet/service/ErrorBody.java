package dev.pifleet.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The contract's error JSON. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ErrorBody(boolean success, String error, String message, List<FieldError> details) {

    public static ErrorBody of(String error, String message) {
        return new ErrorBody(false, error, message, List.of());
    }

    public static ErrorBody of(String error, String message, List<FieldError> details) {
        return new ErrorBody(false, error, message, details);
    }
}
