package dev.downtime.receiver.database;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/**
 * {@code receiver_database_available}: 1 while PostgreSQL takes work, 0 while webhook requests go to
 * the spool instead. The service keeps answering either way, so health stays UP: this is what
 * tells operations that PostgreSQL is down.
 */
@Component
class DatabaseMetrics implements MeterBinder {

    private final DatabaseAvailability availability;

    DatabaseMetrics(DatabaseAvailability availability) {
        this.availability = availability;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("receiver.database.available", availability, a -> a.available() ? 1 : 0)
                .description("1 while PostgreSQL takes work, 0 while notifications are spooled")
                .register(registry);
    }
}
