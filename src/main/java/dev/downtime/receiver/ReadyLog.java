package dev.downtime.receiver;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
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
        String message = message();
        if (message != null) {
            log.info(message);
        }
    }

    /** The addresses as they really are: the webhook's token path, the management port. */
    @Nullable
    String message() {
        String port = environment.getProperty("local.server.port");
        if (port == null) {
            return null; // a mock web environment in tests: nothing listens
        }
        String base = "http://localhost:" + port;
        String management = "http://localhost:" + environment.getProperty("local.management.port", port);
        boolean tokens = !Binder.get(environment)
                .bind("receiver.webhook.tokens", Bindable.listOf(String.class))
                .orElse(List.of())
                .isEmpty();
        // Never the token itself: this line goes to the logs.
        String webhook = base + "/webhooks/monitor" + (tokens ? "/<one of receiver.webhook.tokens>" : "");
        return "downtime-receiver is ready: webhook POST " + webhook + ", admin API " + base + "/api/v1, health "
                + management + "/actuator/health";
    }
}
