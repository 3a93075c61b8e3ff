package dev.pifleet.service;

/** One invalid input field: its name (or JSON path) and what is wrong with it. */
public record FieldError(String field, String message) {
}
