package dev.downtime.receiver.alerts;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Real {@link Alerts} on one channel, for tests of other packages: the shared test context has no
 * channel, so there every raise writes nothing and "no alert" would hold whatever the code did.
 * The channel delivers nothing; nothing in the shared context sends on it either.
 */
public final class TestAlerts {

    private TestAlerts() {}

    /**
     * The service's alerts on one channel, named {@code test}, which delivers nothing: import it
     * into a test context (with {@code receiver.alerts.recovery=always} to raise every transition).
     */
    @TestConfiguration(proxyBeanMethods = false)
    public static class OneChannel {

        @Bean
        AlertChannel testChannel() {
            return channel();
        }
    }

    static AlertChannel channel() {
        return new AlertChannel() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public void deliver(AlertMessage message) {}
        };
    }

    /**
     * Raises every transition, recoveries included ({@code recovery=always}), on a channel named
     * {@code test}, into the real outbox; the other properties keep their defaults.
     */
    public static Alerts onOneChannel(JdbcClient jdbc, Clock clock) {
        AlertsProperties properties = new Binder(
                        new MapConfigurationPropertySource(Map.of("receiver.alerts.recovery", "always")))
                .bindOrCreate("receiver.alerts", AlertsProperties.class);
        return new Alerts(jdbc, List.of(channel()), clock, properties);
    }
}
