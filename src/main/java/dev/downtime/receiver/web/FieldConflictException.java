package dev.downtime.receiver.web;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * An admin request with a field that clashes with what exists, such as a name already taken:
 * answered 409 with the field listed under {@code errors}, in the shape of a 400's invalid fields.
 */
public class FieldConflictException extends ErrorResponseException {

    public FieldConflictException(String field, String message) {
        super(
                HttpStatus.CONFLICT,
                InvalidRequestException.problem(
                        HttpStatus.CONFLICT, "Conflict", List.of(new FieldViolation(field, message))),
                null);
    }
}
