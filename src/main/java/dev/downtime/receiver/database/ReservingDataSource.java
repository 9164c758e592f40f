package dev.downtime.receiver.database;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The service's data source: the shared pool, except inside {@link ReservedConnections#run}, where
 * connections come from the reserved pool. One data source for both, so that the transaction
 * managers, JPA and the event registry see a single one, and a transaction keeps the connection
 * it began with.
 */
final class ReservingDataSource extends DelegatingDataSource implements AutoCloseable {

    private final HikariDataSource shared;
    private final HikariDataSource reserved;

    ReservingDataSource(HikariDataSource shared, HikariDataSource reserved) {
        super(shared);
        this.shared = shared;
        this.reserved = reserved;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return ReservedConnections.active() ? reserved.getConnection() : shared.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return ReservedConnections.active()
                ? reserved.getConnection(username, password)
                : shared.getConnection(username, password);
    }

    HikariDataSource reserved() {
        return reserved;
    }

    /** Closes both pools, as Boot closes the pool it made when the context closes. */
    @Override
    public void close() {
        reserved.close();
        shared.close();
    }
}
