package dev.downtime.receiver.security;

import dev.downtime.receiver.web.RequestBodyLimit;
import jakarta.servlet.ServletRequest;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/** Guards {@code /api/*} with bearer tokens and hands the authenticated {@link Operator} to controllers. */
@Configuration(proxyBeanMethods = false)
class AdminWebConfiguration implements WebMvcConfigurer {

    static final String ADMIN_PATHS = "/api/*";

    private final AdminProperties properties;

    AdminWebConfiguration(AdminProperties properties) {
        this.properties = properties;
    }

    @Bean
    FilterRegistrationBean<AdminAuthenticationFilter> adminAuthenticationFilter(
            AdminTokens tokens,
            JsonMapper json,
            ObjectProvider<ClientAddressResolver> addresses,
            ObjectProvider<RequestBodyLimit> bodyLimits) {
        var registration = new FilterRegistrationBean<>(new AdminAuthenticationFilter(
                tokens,
                json,
                properties.maxBodySize().toBytes(),
                bodyLimits.orderedStream().toList(),
                !properties.corsAllowedOrigins().isEmpty(),
                new FailedAuthLimiter(properties.failedAuthBurst(), properties.failedAuthRefill()),
                addresses.getIfAvailable(() -> ServletRequest::getRemoteAddr)));
        registration.addUrlPatterns(ADMIN_PATHS);
        return registration;
    }

    /** Health details for admin tokens; the status for everyone (see {@link ManagementPortHealthDetails}). */
    @Bean
    FilterRegistrationBean<HealthDetailsAccess> healthDetailsAccess(
            AdminTokens tokens, @Value("${management.endpoints.web.base-path:/actuator}") String basePath) {
        var registration = new FilterRegistrationBean<>(new HealthDetailsAccess(tokens));
        registration.addUrlPatterns(basePath + "/health", basePath + "/health/*");
        return registration;
    }

    /** Authorization is decided on the handler that serves the request (see {@link RequiresRole}). */
    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new RoleInterceptor());
    }

    /** No cross-origin access unless origins are configured. */
    @Override
    public void addCorsMappings(CorsRegistry registry) {
        if (!properties.corsAllowedOrigins().isEmpty()) {
            registry.addMapping("/api/**")
                    .allowedOrigins(properties.corsAllowedOrigins().toArray(String[]::new))
                    .allowedMethods("GET", "POST", "PUT", "DELETE")
                    .allowedHeaders("Authorization", "Content-Type");
        }
    }

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
            Object operator =
                    request.getAttribute(AdminAuthenticationFilter.OPERATOR_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
            if (operator instanceof Operator found) {
                return found;
            }
            throw new IllegalStateException(
                    "admin controller reached without authentication: is it under " + ADMIN_PATHS + "?");
        }
    }
}
