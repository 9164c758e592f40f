package dev.downtime.receiver.maintenance;

import org.springframework.context.annotation.Configuration;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Lets query parameters use the same lower-case names as JSON ({@code ?state=active&scope=url}). */
@Configuration(proxyBeanMethods = false)
class MaintenanceWebConfiguration implements WebMvcConfigurer {

    @Override
    public void addFormatters(FormatterRegistry registry) {
        registry.addConverter(String.class, WindowState.class, WindowState::fromWireName);
        registry.addConverter(String.class, WindowScope.class, WindowScope::fromWireName);
    }
}
