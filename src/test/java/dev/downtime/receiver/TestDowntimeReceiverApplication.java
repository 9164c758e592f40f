package dev.downtime.receiver;

import java.nio.file.Path;
import org.springframework.boot.SpringApplication;

/**
 * {@code mvn spring-boot:test-run}: the service with zero set-up. Unless {@code
 * SPRING_DATASOURCE_URL} names a PostgreSQL server, it starts one that keeps its data between
 * runs (see {@link TestDatabase#persistent}).
 */
public final class TestDowntimeReceiverApplication {

    private TestDowntimeReceiverApplication() {}

    public static void main(String[] args) {
        if (System.getenv("SPRING_DATASOURCE_URL") == null) {
            TestDatabase.Connection db = TestDatabase.persistent(Path.of(".data"));
            System.out.println("downtime-receiver uses PostgreSQL from " + db.source());
            System.setProperty("spring.datasource.url", db.url());
            System.setProperty("spring.datasource.username", db.username() != null ? db.username() : "");
            System.setProperty("spring.datasource.password", db.password() != null ? db.password() : "");
        }
        if (System.getenv("RECEIVER_SPOOL_DIRECTORY") == null) {
            System.setProperty("receiver.spool.directory", ".data/spool");
        }
        // Zero set-up: an open webhook (the service says so in its log), the generated admin token printed.
        System.getProperties().putIfAbsent("receiver.webhook.allow-open", "true");
        System.getProperties().putIfAbsent("receiver.admin.log-generated-token", "true");
        SpringApplication.from(DowntimeReceiverApplication::main).run(args);
    }
}
