package dev.downtime.receiver.security;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Who sees the details of {@code /actuator/health}, unless configured otherwise: callers with an
 * admin token ({@link HealthDetailsAccess}) when the actuator shares the internet-facing port;
 * everyone when it has a port of its own ({@code management.server.port}), which only operations
 * can reach. A default of lowest precedence, so that any setting of these properties wins.
 */
class ManagementPortHealthDetails implements EnvironmentPostProcessor {

    static final String SOURCE = "healthDetailsDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String shown =
                ManagementPortType.get(environment) == ManagementPortType.DIFFERENT ? "always" : "when-authorized";
        environment
                .getPropertySources()
                .addLast(new MapPropertySource(
                        SOURCE,
                        Map.of(
                                "management.endpoint.health.show-details", shown,
                                "management.endpoint.health.show-components", shown)));
    }
}
