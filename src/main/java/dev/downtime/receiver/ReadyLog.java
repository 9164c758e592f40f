package dev.downtime.receiver;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Tells whoever started the service where to reach it, once it is ready. */
@Component
class ReadyLog {

    private static final Logger log = LoggerFactory.getLogger(ReadyLog.class);

    private final Environment environment;

    ReadyLog(Environment environment) {
        this.environment = environment;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        String port = environment.getProperty("local.server.port");
        if (port == null) {
            return; // a mock web environment in tests: nothing listens
        }
        String base = "http://localhost:" + port;
        log.info(
                "downtime-receiver is ready: webhook POST {}/webhooks/monitor, admin API {}/api/v1, health {}/actuator/health",
                base,
                base,
                base);
    }
}
