package dev.downtime.receiver.web;

import org.springframework.boot.jackson.autoconfigure.JsonFactoryBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Puts {@link JsonLimits} on the application's JSON mapper, which reads every admin request body. */
@Configuration(proxyBeanMethods = false)
class JsonLimitsConfiguration {

    @Bean
    JsonFactoryBuilderCustomizer jsonLimits() {
        return JsonLimits::apply;
    }
}
