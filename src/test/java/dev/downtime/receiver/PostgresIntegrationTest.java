package dev.downtime.receiver;

import dev.downtime.receiver.maintenance.MaintenanceSchedule;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** Base of HTTP tests: empty tables, clock at {@link IntegrationTest#T0}, before each test. */
@IntegrationTest
public abstract class PostgresIntegrationTest {

    @Autowired
    protected MockMvcTester mvc;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected MutableClock clock;

    @Autowired
    protected MaintenanceSchedule schedule;

    @BeforeEach
    void resetDatabaseAndClock() {
        clock.set(IntegrationTest.T0);
        jdbc.sql("TRUNCATE notification, maintenance_window").update();
        schedule.refresh();
    }

    protected static String bearer() {
        return "Bearer " + IntegrationTest.ADMIN_TOKEN;
    }

    protected long count(String table) {
        return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }
}
