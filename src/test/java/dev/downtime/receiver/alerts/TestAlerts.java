package dev.downtime.receiver.alerts;

import dev.downtime.receiver.alerts.grouping.GroupChannel;
import dev.downtime.receiver.alerts.grouping.GroupingEngine;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Real alerts on one channel, for tests of other packages: the shared test context has no channel,
 * so there nothing is grouped nor stored and "no alert" would hold whatever the code did. The
 * channel delivers nothing.
 */
public final class TestAlerts {

    private TestAlerts() {}

    /** The service's alerts on one channel, named {@code test}, which delivers nothing. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class OneChannel {

        @Bean
        GroupChannel testChannel() {
            return new GroupChannel() {
                @Override
                public String name() {
                    return "test";
                }

                @Override
                public void deliver(GroupingEngine.Outgoing outgoing) {}
            };
        }
    }
}
