package dev.downtime.receiver;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;

/**
 * The PostgreSQL of {@code bench/run.sh} when it is given none: embedded binaries on a fresh data
 * directory. Prints {@code BENCH_JDBC_URL=<url>} once it accepts connections, then runs until the
 * process whose id is its argument ends (or until it is itself stopped), and deletes its data.
 */
public final class BenchDatabase {

    /**
     * An instance main method (Java 25): {@code java} runs it, and Spring Boot's search for the
     * one main class of {@code mvn spring-boot:test-run}, which looks for static ones, skips it.
     */
    void main(String[] args) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                // Embedded PostgreSQL turns fsync and synchronous_commit off to speed up tests; the
                // benchmark measures commits as a production server makes them, flushed to disk.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on");
        if (Boolean.getBoolean("bench.statements")) {
            // bench/run.sh --statements: where PostgreSQL's time goes, statement by statement.
            builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
        }
        try (EmbeddedPostgres postgres = builder.start()) {
            System.out.println("BENCH_JDBC_URL=" + postgres.getJdbcUrl("postgres", "postgres"));
            System.out.flush();
            if (args.length > 0) {
                ProcessHandle.of(Long.parseLong(args[0]))
                        .ifPresent(owner -> owner.onExit().join());
            } else {
                Thread.currentThread().join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
