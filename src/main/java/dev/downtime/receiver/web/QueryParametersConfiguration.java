package dev.downtime.receiver.web;

import java.time.Instant;
import org.springframework.context.annotation.Configuration;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** How the admin API reads its query parameters and path variables. */
@Configuration(proxyBeanMethods = false)
class QueryParametersConfiguration implements WebMvcConfigurer {

    /** Instants in query parameters only within the years PostgreSQL and the API deal in. */
    @Override
    public void addFormatters(FormatterRegistry registry) {
        registry.addFormatterForFieldType(Instant.class, new BoundedInstantFormatter());
    }
}
