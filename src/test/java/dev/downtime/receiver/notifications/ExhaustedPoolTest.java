package dev.downtime.receiver.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.downtime.receiver.PostgresIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Under a mass outage the listeners, jobs and admin requests can hold every connection of the
 * shared pool at once. The webhook's commits have connections of their own: a notification is
 * still committed before its reply, where waiting for a shared connection overran the commit
 * timeout, took the database for down and spooled it.
 */
@DirtiesContext
class ExhaustedPoolTest extends PostgresIntegrationTest {

    @Autowired
    DataSource dataSource;

    @Autowired
    MeterRegistry meters;

    @Test
    void commitsANotificationWhileEveryConnectionOfTheSharedPoolIsHeld() throws Exception {
        HikariDataSource shared = dataSource.unwrap(HikariDataSource.class);
        double committedBefore = stored("committed");
        double spooledBefore = stored("spooled");
        List<Connection> held = new ArrayList<>();
        HttpResponse<String> response;
        try {
            for (int i = 0; i < shared.getMaximumPoolSize(); i++) {
                held.add(dataSource.getConnection());
            }
            assertThat(shared.getHikariPoolMXBean().getActiveConnections()).isEqualTo(shared.getMaximumPoolSize());

            response = postWebhook("{\"ts\":1,\"url\":\"http://held.example.com\",\"code\":503}");

            // Counted while the shared pool is still exhausted: the commit did not wait for it.
            assertThat(stored("committed")).isEqualTo(committedBefore + 1);
            assertThat(stored("spooled")).isEqualTo(spooledBefore);
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok");
        assertThat(count("notification")).isEqualTo(1);
    }

    double stored(String result) {
        var counter = meters.find("receiver.notifications.stored")
                .tag("result", result)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
