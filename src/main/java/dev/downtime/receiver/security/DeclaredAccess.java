package dev.downtime.receiver.security;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.List;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.ClassFilter;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.StaticMethodMatcher;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.access.annotation.Secured;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.method.AuthorizationManagerBeforeMethodInterceptor;
import org.springframework.security.authorization.method.MethodAuthorizationDeniedHandler;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Deny by default, in method security: a handler of ours (a {@code @RequestMapping} method of a
 * controller under {@code dev.downtime.receiver}) runs only if it, or its controller, says who may
 * call it: {@link RequiresRole} (or another {@code @PreAuthorize}, {@code @Secured}, {@code
 * @RolesAllowed}) or, for the few open ones such as the webhook, {@code @PermitAll}. One that says
 * nothing is refused to everybody, whatever path reached it.
 */
final class DeclaredAccess implements AuthorizationManager<MethodInvocation>, MethodAuthorizationDeniedHandler {

    static final String BASE_PACKAGE = "dev.downtime.receiver.";

    static final String UNDECLARED = "This endpoint declares no role; nobody may call it.";

    private static final List<Class<? extends Annotation>> DECLARATIONS =
            List.of(PreAuthorize.class, Secured.class, RolesAllowed.class, PermitAll.class, DenyAll.class);

    /** Runs before the annotations' own checks, which would let an undeclared handler through. */
    static AuthorizationManagerBeforeMethodInterceptor interceptor() {
        var interceptor = new AuthorizationManagerBeforeMethodInterceptor(handlers(), new DeclaredAccess());
        interceptor.setOrder(50);
        return interceptor;
    }

    static Pointcut handlers() {
        ClassFilter ours = type ->
                type.getName().startsWith(BASE_PACKAGE) && AnnotatedElementUtils.hasAnnotation(type, Controller.class);
        return new ComposablePointcut(ours, new StaticMethodMatcher() {
            @Override
            public boolean matches(Method method, Class<?> targetClass) {
                return AnnotatedElementUtils.hasAnnotation(method, RequestMapping.class);
            }
        });
    }

    /** Whether the handler, or its controller, declares who may call it. */
    static boolean declared(Method method, Class<?> controller) {
        return DECLARATIONS.stream()
                .anyMatch(annotation -> AnnotatedElementUtils.hasAnnotation(method, annotation)
                        || AnnotatedElementUtils.hasAnnotation(controller, annotation));
    }

    @Override
    public @Nullable AuthorizationResult authorize(
            Supplier<? extends @Nullable Authentication> authentication, MethodInvocation invocation) {
        Object target = invocation.getThis();
        Class<?> controller = target != null
                ? AopUtils.getTargetClass(target)
                : invocation.getMethod().getDeclaringClass();
        // Abstain when declared: the declaration's own interceptor decides.
        return declared(invocation.getMethod(), controller) ? null : new AuthorizationDecision(false);
    }

    @Override
    public Object handleDeniedInvocation(MethodInvocation invocation, AuthorizationResult result) {
        throw new AuthorizationDeniedException(UNDECLARED, result);
    }
}
