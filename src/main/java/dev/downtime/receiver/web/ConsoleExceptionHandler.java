package dev.downtime.receiver.web;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * Errors of the console's pages ({@link ConsolePage}), shown as a page that says what was wrong
 * and links back: the same statuses, titles and field messages as the admin API's problem details,
 * in HTML for a person.
 */
@ControllerAdvice(annotations = ConsolePage.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ConsoleExceptionHandler.class);

    /**
     * Handed back to Spring Security, whose exception translation sends the visitor to sign in or
     * shows the console's refusal page.
     */
    @ExceptionHandler({AccessDeniedException.class, AuthenticationException.class})
    ModelAndView notAllowed(RuntimeException ex) {
        throw ex;
    }

    @ExceptionHandler
    ModelAndView wrongType(TypeMismatchException ex) {
        String field = ex.getPropertyName() != null ? ex.getPropertyName() : "parameter";
        return page(
                HttpStatus.BAD_REQUEST,
                InvalidRequestException.problem(List.of(new FieldViolation(field, "has a value of the wrong format"))));
    }

    @ExceptionHandler
    ModelAndView changedMeanwhile(OptimisticLockingFailureException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.CONFLICT,
                "It was changed by someone else since this page was loaded; nothing was changed. Reload and"
                        + " try again.");
        problem.setTitle("Changed meanwhile");
        return page(HttpStatus.CONFLICT, problem);
    }

    @ExceptionHandler({
        DataAccessResourceFailureException.class,
        CannotCreateTransactionException.class,
        QueryTimeoutException.class,
        TransientDataAccessException.class
    })
    ModelAndView databaseUnavailable(Exception ex) {
        log.warn("Console request failed, database unavailable: {}", ex.toString());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE,
                "The database is unavailable; nothing was changed. The webhook keeps answering. Try again later.");
        problem.setTitle("Database unavailable");
        return page(HttpStatus.SERVICE_UNAVAILABLE, problem);
    }

    /**
     * Refused requests (a rule broken, not found, a conflict, a missing parameter: each an {@link
     * ErrorResponse}), else an unexpected error, logged and shown without its internals.
     */
    @ExceptionHandler
    ModelAndView refusedOrUnexpected(Exception ex) {
        if (ex instanceof ErrorResponse refused) {
            return page(refused.getStatusCode(), refused.getBody());
        }
        log.error("Unexpected error handling a console request", ex);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR, "An unexpected error occurred. It has been logged.");
        problem.setTitle("Internal error");
        return page(HttpStatus.INTERNAL_SERVER_ERROR, problem);
    }

    private static ModelAndView page(HttpStatusCode status, ProblemDetail problem) {
        ModelAndView page = new ModelAndView("console/error", status);
        page.addObject("problem", problem);
        Object errors =
                problem.getProperties() == null ? null : problem.getProperties().get("errors");
        page.addObject("errors", errors instanceof List<?> list ? list : List.of());
        return page;
    }
}
