package dev.downtime.receiver.security;

import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;

/** The role a handler needs, read as method security reads it: for the API's 403s and its documentation. */
public final class HandlerRoles {

    private HandlerRoles() {}

    /** The {@link RequiresRole} of the method, else of its controller; null when it declares none. */
    public static @Nullable Role required(HandlerMethod handler) {
        RequiresRole onMethod = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequiresRole.class);
        RequiresRole declared = onMethod != null
                ? onMethod
                : AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), RequiresRole.class);
        return declared != null ? declared.value() : null;
    }
}
