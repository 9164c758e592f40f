package dev.downtime.receiver.web;

import dev.downtime.receiver.database.DatabaseFailure;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns every error of the admin API into an RFC 9457 problem. Validation problems list the
 * invalid fields under {@code errors}; unexpected errors say nothing about internals.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    /** PostgreSQL's SQLSTATE for a value that a unique index already holds. */
    private static final String UNIQUE_VIOLATION = "23505";

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldViolation> violations = new ArrayList<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            violations.add(new FieldViolation(error.getField(), message(error)));
        }
        ex.getBindingResult()
                .getGlobalErrors()
                .forEach(error -> violations.add(new FieldViolation(error.getObjectName(), message(error))));
        return invalid(violations, headers);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldViolation> violations = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> {
            String name = result.getMethodParameter().getParameterName();
            result.getResolvableErrors()
                    .forEach(error ->
                            violations.add(new FieldViolation(name != null ? name : "request", message(error))));
        });
        return invalid(violations, headers);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        return invalid(List.of(new FieldViolation(ex.getParameterName(), "is required")), headers);
    }

    /** A query parameter or path variable that cannot be converted to its type. */
    @Override
    protected @Nullable ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String field = ex.getPropertyName() != null ? ex.getPropertyName() : "request";
        return invalid(List.of(new FieldViolation(field, expected(ex.getRequiredType()))), headers);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        SizeLimitedRequest.BodyTooLargeException tooLarge =
                findCause(ex, SizeLimitedRequest.BodyTooLargeException.class);
        if (tooLarge != null) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                    .headers(headers)
                    .body(tooLarge(tooLarge));
        }
        JacksonException jackson = findCause(ex, JacksonException.class);
        if (jackson != null && !jackson.getPath().isEmpty()) {
            String field = jackson.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
            String message = jackson instanceof UnrecognizedPropertyException
                    ? "is not a known field"
                    : "has a value of the wrong type or format";
            return invalid(List.of(new FieldViolation(field, message)), headers);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST, "The request body is missing or is not valid JSON.");
        problem.setTitle("Unreadable request body");
        return ResponseEntity.badRequest().headers(headers).body(problem);
    }

    /** A body without Content-Length that ran over the limit while being read. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> bodyTooLarge(SizeLimitedRequest.BodyTooLargeException ex) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(tooLarge(ex));
    }

    private static ProblemDetail tooLarge(SizeLimitedRequest.BodyTooLargeException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.CONTENT_TOO_LARGE, "Request bodies are limited to " + ex.limit() + " bytes.");
        problem.setTitle("Content Too Large");
        return problem;
    }

    /**
     * An edit based on an outdated copy: the row's version changed since it was read (a
     * concurrent edit), or is not the one {@code If-Match} named. Nothing was changed.
     */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> changedMeanwhile(OptimisticLockingFailureException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.CONFLICT,
                "It was changed since the version your change is based on; nothing was changed. Read it"
                        + " again and make your change to what it is now.");
        problem.setTitle("Changed meanwhile");
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }

    /**
     * A query string whose percent-encoding does not decode to UTF-8 ({@code ?since=%FF}): Tomcat
     * throws when the parameters are first read, whichever handler reads them (actuator ones too).
     * Not echoed: Tomcat's message quotes the undecodable value.
     */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> undecodableQuery(InvalidParameterException ex) {
        return ResponseEntity.badRequest()
                .body(InvalidRequestException.problem(
                        List.of(new FieldViolation("query", "must be valid UTF-8 once percent-decoded"))));
    }

    /** The database is down or not answering: nothing was changed, and trying again later may work. */
    @ExceptionHandler({
        DataAccessResourceFailureException.class,
        CannotCreateTransactionException.class,
        QueryTimeoutException.class,
        TransientDataAccessException.class,
        // A commit or rollback that fails does so on a connection that failed.
        TransactionSystemException.class
    })
    ResponseEntity<ProblemDetail> databaseUnavailable(Exception ex) {
        if (refusedValues(ex)) {
            return refused(ex);
        }
        log.warn("Admin request failed, database unavailable: {}", ex.toString());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE,
                "The database is unavailable; nothing was changed. The webhook keeps answering. Try again later.");
        problem.setTitle("Database unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "5")
                .body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unexpected(Exception ex) {
        if (refusedValues(ex)) {
            return refused(ex);
        }
        if (lostConnection(ex)) {
            // e.g. the rollback after a failed statement fails too, on the same dead connection
            // (with JPA: a JpaSystemException over the pool's "Connection is closed")
            return databaseUnavailable(ex);
        }
        log.error("Unexpected error handling an API request", ex);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR, "An unexpected error occurred. It has been logged.");
        problem.setTitle("Internal error");
        return ResponseEntity.internalServerError().body(problem);
    }

    /**
     * PostgreSQL refused a value that passed our own checks (see {@link
     * DatabaseFailure#REFUSED_VALUES}): the request is to blame, and sending it again fails again,
     * so neither a 503 nor a 500. A value that collides with a stored one (a unique index) is a
     * conflict. PostgreSQL's message goes to the log only: it names tables and may quote values.
     */
    private static ResponseEntity<ProblemDetail> refused(Throwable ex) {
        String state = DatabaseFailure.sqlState(ex);
        log.warn("Admin request refused by the database, SQLSTATE {}: {}", state, DatabaseFailure.reason(ex));
        boolean duplicate = UNIQUE_VIOLATION.equals(state);
        HttpStatus status = duplicate ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST;
        String column = refusedColumn(ex);
        ProblemDetail problem = column != null
                ? InvalidRequestException.problem(
                        status, "Value refused", List.of(new FieldViolation(column, "was refused by the database")))
                : ProblemDetail.forStatusAndDetail(
                        status,
                        duplicate
                                ? "It collides with one already stored; nothing was changed."
                                : "The database refused a value of the request; nothing was changed.");
        problem.setTitle(duplicate ? "Already exists" : "Value refused");
        return ResponseEntity.status(status).body(problem);
    }

    /** The request field PostgreSQL named, when it named a column (as for a missing value). */
    private static @Nullable String refusedColumn(Throwable ex) {
        PSQLException postgres = findCause(ex, PSQLException.class);
        ServerErrorMessage message = postgres == null ? null : postgres.getServerErrorMessage();
        String column = message == null ? null : message.getColumn();
        if (column == null || column.isBlank()) {
            return null;
        }
        // Columns are snake_case, the API's fields camelCase (ends_at is endsAt).
        StringBuilder field = new StringBuilder();
        boolean wordStarts = false;
        for (int i = 0; i < column.length(); i++) {
            char c = column.charAt(i);
            if (c == '_') {
                wordStarts = !field.isEmpty();
            } else {
                field.append(wordStarts ? Character.toUpperCase(c) : c);
                wordStarts = false;
            }
        }
        return field.toString();
    }

    private static boolean refusedValues(Throwable ex) {
        return findCause(ex, SQLException.class) != null && DatabaseFailure.of(ex) == DatabaseFailure.REFUSED_VALUES;
    }

    private static ResponseEntity<Object> invalid(List<FieldViolation> violations, HttpHeaders headers) {
        return ResponseEntity.badRequest().headers(headers).body(InvalidRequestException.problem(violations));
    }

    /** What a value of the type looks like, without echoing the value sent. */
    private static String expected(@Nullable Class<?> type) {
        if (type == null) {
            return "has a value of the wrong type or format";
        }
        if (type.isEnum()) {
            // Every enum of the API is written in lower case on the wire.
            return Arrays.stream(type.getEnumConstants())
                    .map(constant -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", ", "must be one of ", ""));
        }
        if (type == Instant.class) {
            return "must be an ISO-8601 instant from year 0 to 9999, such as 2026-03-01T12:00:00Z";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "must be an integer";
        }
        if (type == UUID.class) {
            return "must be a UUID";
        }
        return "has a value of the wrong type or format";
    }

    private static String message(MessageSourceResolvable error) {
        String message = error.getDefaultMessage();
        return message != null ? message : "is invalid";
    }

    /**
     * A JDBC failure that says the database is unavailable, whatever exception wraps it: a
     * connection failure (SQL state class 08, or none at all, as the pool's "Connection is closed"),
     * a timeout, PostgreSQL shutting down (see {@link DatabaseFailure#UNAVAILABLE}).
     */
    private static boolean lostConnection(Throwable ex) {
        return findCause(ex, SQLException.class) != null && DatabaseFailure.of(ex) == DatabaseFailure.UNAVAILABLE;
    }

    private static <T extends Throwable> @Nullable T findCause(Throwable ex, Class<T> type) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
