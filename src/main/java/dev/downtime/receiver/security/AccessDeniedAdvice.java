package dev.downtime.receiver.security;

import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.HandlerMethod;

/**
 * Answers a refusal by method security on an API handler with the 403 problem, before the API's
 * catch-all handler could take it for an unexpected error. A caller who is not authenticated, or a
 * handler that renders pages, gets the exception back: Spring Security's exception translation then
 * asks to authenticate (401, or the console's sign-in page) or uses that chain's own 403.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class AccessDeniedAdvice {

    static final String DEFAULT_MESSAGE = "Access Denied";

    @ExceptionHandler
    ResponseEntity<ProblemDetail> forbidden(AccessDeniedException e, HandlerMethod handler) {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (!(caller instanceof OperatorAuthentication operator)
                || !AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), ResponseBody.class)) {
            throw e;
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.FORBIDDEN, detail(e, HandlerRoles.required(handler), operator.operator()));
        problem.setTitle("Forbidden");
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(problem);
    }

    /** Says which role was missing when that is known, else what the refusal said. */
    static String detail(AccessDeniedException e, @Nullable Role required, @Nullable Operator caller) {
        if (required != null && caller != null && !caller.role().includes(required)) {
            return "This needs the '" + required.wireName() + "' role; your token has '"
                    + caller.role().wireName() + "'.";
        }
        String message = e.getMessage();
        return message == null || message.equals(DEFAULT_MESSAGE) ? "You may not do this." : message;
    }
}
