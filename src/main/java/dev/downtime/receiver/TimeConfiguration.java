package dev.downtime.receiver;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TimeConfiguration {

    /** The only source of "now" in the service, so tests can pin and move time. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
