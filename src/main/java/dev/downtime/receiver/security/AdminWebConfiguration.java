package dev.downtime.receiver.security;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Hands the authenticated {@link Operator} to the handlers that declare a parameter of that type. */
@Configuration(proxyBeanMethods = false)
class AdminWebConfiguration implements WebMvcConfigurer {

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new OperatorArgumentResolver());
    }

    private static final class OperatorArgumentResolver implements HandlerMethodArgumentResolver {

        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return parameter.getParameterType() == Operator.class;
        }

        @Override
        public Operator resolveArgument(
                MethodParameter parameter,
                @Nullable ModelAndViewContainer mavContainer,
                NativeWebRequest request,
                @Nullable WebDataBinderFactory binderFactory) {
            Authentication caller = SecurityContextHolder.getContext().getAuthentication();
            if (caller instanceof OperatorAuthentication operator) {
                return operator.operator();
            }
            // Not signed in as an operator: Spring Security's exception translation asks to authenticate.
            throw new AccessDeniedException("This needs an admin token.");
        }
    }
}
