package dev.downtime.receiver.resilience;

import dev.downtime.receiver.DowntimeReceiverApplication;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** A receiver running in this JVM, started as in production, with its own context and port. */
final class ReceiverInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private ReceiverInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    static ReceiverInstance start(String jdbcUrl, Path data, String... extra) {
        String[] arguments = Receivers.arguments(jdbcUrl, data, 0, extra).toArray(String[]::new);
        return new ReceiverInstance(new SpringApplicationBuilder(DowntimeReceiverApplication.class).run(arguments));
    }

    URI base() {
        return URI.create("http://localhost:" + context.getEnvironment().getProperty("local.server.port"));
    }

    URI webhook() {
        return base().resolve("/webhooks/monitor");
    }

    /** How many notifications were kept in the given way: committed, spooled or dropped. */
    double stored(String result) {
        return context.getBean(MeterRegistry.class)
                .counter("receiver.notifications.stored", "result", result)
                .count();
    }

    @Override
    public void close() {
        context.close();
    }
}
