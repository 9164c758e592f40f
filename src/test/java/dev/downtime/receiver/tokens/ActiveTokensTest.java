package dev.downtime.receiver.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.downtime.receiver.security.SecretTokens;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** While PostgreSQL has been down since start-up, unknown tokens cannot flood it with lookups. */
class ActiveTokensTest {

    final AtomicLong nanos = new AtomicLong(1_000);
    final AtomicInteger connectionAttempts = new AtomicInteger();

    /** A PostgreSQL that does not answer: nothing listens on port 1. */
    final DelegatingDataSource unreachable =
            new DelegatingDataSource(new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none", "x", "")) {
                @Override
                public Connection getConnection() throws SQLException {
                    connectionAttempts.incrementAndGet();
                    return super.getConnection();
                }
            };

    final ActiveTokens tokens = new ActiveTokens(JdbcClient.create(unreachable), nanos::get);

    @Test
    void triesPostgresqlAtMostOnceASecondForAllRequestsTogether() {
        for (int i = 0; i < 200; i++) {
            byte[] digest = SecretTokens.sha256("unknown-" + i);
            assertThatThrownBy(() -> tokens.findByDigest(digest)).isInstanceOf(DataAccessException.class);
        }
        assertThat(connectionAttempts).hasValue(1);

        nanos.addAndGet(Duration.ofMillis(999).toNanos());
        assertThatThrownBy(() -> tokens.findByDigest(new byte[32])).isInstanceOf(DataAccessException.class);
        assertThat(connectionAttempts).hasValue(1);

        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        assertThatThrownBy(() -> tokens.findByDigest(new byte[32])).isInstanceOf(DataAccessException.class);
        assertThat(connectionAttempts).hasValue(2);
    }
}
