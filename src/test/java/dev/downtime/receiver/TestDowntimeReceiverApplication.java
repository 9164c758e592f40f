package dev.downtime.receiver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code mvn spring-boot:test-run}: the service with zero set-up. Unless {@code
 * SPRING_DATASOURCE_URL} names a PostgreSQL server, it starts one that keeps its data between
 * runs (see {@link TestDatabase#persistent}) and shuts it down when the JVM exits (Ctrl-C).
 */
public final class TestDowntimeReceiverApplication {

    /** Above the service's graceful shutdown (spring.lifecycle.timeout-per-shutdown-phase, 30 s). */
    private static final Duration SERVICE_SHUTDOWN_WAIT = Duration.ofMinutes(1);

    private TestDowntimeReceiverApplication() {}

    public static void main(String[] args) {
        AtomicReference<ConfigurableApplicationContext> service = new AtomicReference<>();
        if (System.getenv("SPRING_DATASOURCE_URL") == null) {
            TestDatabase.PersistentServer server = TestDatabase.persistent(Path.of(".data"));
            TestDatabase.Connection db = server.connection();
            System.out.println("downtime-receiver uses PostgreSQL from " + db.source());
            System.setProperty("spring.datasource.url", db.url());
            System.setProperty("spring.datasource.username", db.username() != null ? db.username() : "");
            System.setProperty("spring.datasource.password", db.password() != null ? db.password() : "");
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                awaitClosed(service.get());
                                server.stop().run();
                                // System.out: logging has shut down by now.
                                System.out.println("downtime-receiver stopped PostgreSQL from " + db.source());
                            },
                            "dev-database-stop"));
        }
        if (System.getenv("RECEIVER_SPOOL_DIRECTORY") == null) {
            System.setProperty("receiver.spool.directory", ".data/spool");
        }
        // Zero set-up: an open webhook (the service says so in its log), the generated admin token printed.
        System.getProperties().putIfAbsent("receiver.webhook.allow-open", "true");
        System.getProperties().putIfAbsent("receiver.admin.log-generated-token", "true");
        service.set(SpringApplication.from(DowntimeReceiverApplication::main)
                .run(args)
                .getApplicationContext());
    }

    /**
     * Spring Boot's own shutdown hook closes the service; the database goes only after it, so that
     * requests in flight finish and the pool closes its connections before PostgreSQL stops.
     */
    private static void awaitClosed(@Nullable ConfigurableApplicationContext context) {
        long deadline = System.nanoTime() + SERVICE_SHUTDOWN_WAIT.toNanos();
        while (context != null && context.isActive() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
