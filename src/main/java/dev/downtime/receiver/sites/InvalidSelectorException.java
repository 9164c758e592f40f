package dev.downtime.receiver.sites;

import dev.downtime.receiver.web.FieldViolation;

/**
 * A selector that cannot be used; the message completes the field's name ("target ..."), e.g.
 * {@code has an invalid regex in server=~"(": missing closing )}.
 */
public final class InvalidSelectorException extends IllegalArgumentException {

    InvalidSelectorException(String reason) {
        super(reason);
    }

    /** This refusal as a violation of the field that carried the selector, such as {@code target}. */
    public FieldViolation violation(String field) {
        return new FieldViolation(field, getMessage());
    }

    @Override
    public String getMessage() {
        String message = super.getMessage();
        return message == null ? "is not a valid selector" : message;
    }
}
