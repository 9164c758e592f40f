package dev.downtime.receiver.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Authorizes an admin request against the {@link RequiresRole} of the handler Spring MVC chose for
 * it. Deciding on the handler rather than on the path means that no spelling of a path ({@code
 * /api/v1;x/tokens}, {@code /api/v1/%74okens}) can reach a handler under a weaker rule.
 */
final class RoleInterceptor implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            // Static resources and CORS preflights: no controller of ours runs.
            return true;
        }
        Object operator = request.getAttribute(AdminAuthenticationFilter.OPERATOR_ATTRIBUTE);
        RequiresRole required = requiredRole(method);
        if (required == null) {
            // Deny by default: an authenticated (admin API) request may only reach a handler that
            // says which role it needs. The error page, rendered for such requests, is not one.
            if (operator != null && request.getDispatcherType() == DispatcherType.REQUEST) {
                throw forbidden("This endpoint declares no role; nobody may call it.");
            }
            return true;
        }
        if (!(operator instanceof Operator caller)) {
            // A role-guarded handler reached by a path the authentication filter did not cover.
            throw forbidden("This endpoint is only served under /api/ with a bearer token.");
        }
        if (!caller.role().includes(required.value())) {
            throw forbidden("This needs the '" + required.value().wireName() + "' role; your token has '"
                    + caller.role().wireName() + "'.");
        }
        return true;
    }

    static @Nullable RequiresRole requiredRole(HandlerMethod method) {
        RequiresRole onMethod = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), RequiresRole.class);
        return onMethod != null
                ? onMethod
                : AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), RequiresRole.class);
    }

    private static ErrorResponseException forbidden(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, detail);
        problem.setTitle("Forbidden");
        return new ErrorResponseException(HttpStatus.FORBIDDEN, problem, null);
    }
}
