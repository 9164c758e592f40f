package dev.downtime.receiver;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole service, listening on a random port, on the test PostgreSQL, with a {@link
 * MutableClock} and known admin tokens ({@link #ADMIN_TOKEN} for operator {@code ops}, {@link
 * #ALICE_TOKEN} for {@code alice}). All such tests share one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "receiver.admin.tokens=ops:" + IntegrationTest.ADMIN_TOKEN + ",alice:" + IntegrationTest.ALICE_TOKEN,
            // Most tests post to the plain /webhooks/monitor; WebhookTrustTest sets tokens and an allowlist.
            "receiver.webhook.allow-open=true",
            // Long enough that no test passes thanks to a periodic refresh it did not ask for.
            "receiver.maintenance.refresh-interval=1h",
            "receiver.sites.refresh-interval=1h",
            "logging.level.io.zonky=WARN",
            // Every context its own files: a spool replayed by another context would put rows
            // in the middle of someone else's test.
            "receiver.spool.directory=target/test-data/${random.uuid}/spool",
            "receiver.snapshot.directory=target/test-data/${random.uuid}/snapshot",
            // No test reaches out to the sites it reports; verification tests run their own checker.
            "receiver.verification.enabled=false",
            "receiver.incidents.overrun-check-interval=1h",
            // Tests present wrong admin tokens on purpose, all from 127.0.0.1: never throttle them.
            "receiver.admin.failed-auth-burst=100000"
        })
@AutoConfigureMockMvc
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
@Import(IntegrationTest.TestClockConfiguration.class)
public @interface IntegrationTest {

    String ADMIN_TOKEN = "test-admin-token-0123456789";

    String ALICE_TOKEN = "alice-token-abcdefghijklmnop";

    Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @TestConfiguration(proxyBeanMethods = false)
    class TestClockConfiguration {

        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(T0);
        }
    }
}
