package dev.downtime.receiver.tokens;

import dev.downtime.receiver.security.Operator;
import dev.downtime.receiver.security.Role;
import dev.downtime.receiver.security.TokenDirectory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The digests of the active tokens issued through the API, held in memory as the configured ones
 * are, so that checking a token costs no database round trip and a flood of unknown tokens costs
 * PostgreSQL nothing. Reloaded after every issue or revocation through this instance, once it
 * commits, and every {@code receiver.tokens.refresh-interval} for changes made elsewhere.
 *
 * <p>Until a first load has succeeded (PostgreSQL down since start-up), a lookup tries to load,
 * but at most {@link #ON_DEMAND_LOADS_PER_SECOND} times a second across all requests.
 */
@Component
class ActiveTokens implements TokenDirectory, SmartInitializingSingleton {

    static final int ON_DEMAND_LOADS_PER_SECOND = 1;

    private static final Logger log = LoggerFactory.getLogger(ActiveTokens.class);
    private static final long ON_DEMAND_SPACING = Duration.ofSeconds(1).toNanos() / ON_DEMAND_LOADS_PER_SECOND;

    private final JdbcClient jdbc;
    private final LongSupplier nanoTime;
    private final Object loading = new Object();

    /** By SHA-256 digest; null until the first load succeeds. */
    private volatile @Nullable Map<ByteBuffer, Operator> active;

    private long nextOnDemandLoad;

    @Autowired
    ActiveTokens(JdbcClient jdbc) {
        this(jdbc, System::nanoTime);
    }

    ActiveTokens(JdbcClient jdbc, LongSupplier nanoTime) {
        this.jdbc = jdbc;
        this.nanoTime = nanoTime;
        this.nextOnDemandLoad = nanoTime.getAsLong();
    }

    /**
     * @throws org.springframework.dao.DataAccessException when the tokens were never loaded and
     *     cannot be now
     */
    @Override
    public Optional<Operator> findByDigest(byte[] sha256) {
        Map<ByteBuffer, Operator> known = active;
        if (known == null) {
            known = loadOnDemand();
        }
        return Optional.ofNullable(known.get(ByteBuffer.wrap(sha256)));
    }

    @Override
    public void afterSingletonsInstantiated() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // PostgreSQL down at start-up: lookups load on demand, and the refresh job tries again.
            log.warn("Could not load admin tokens from PostgreSQL: {}", e.toString());
        }
    }

    /**
     * After the or revocation's transaction has ended (see {@code
     * MaintenanceSchedule.onChange} for why not after commit).
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMPLETION)
    void onChange(TokensChanged change) {
        refresh();
    }

    /** Reads the active tokens from PostgreSQL; when it fails, those in memory stay. */
    Map<ByteBuffer, Operator> refresh() {
        synchronized (loading) {
            Map<ByteBuffer, Operator> loaded = new HashMap<>();
            jdbc.sql("SELECT token_sha256, name, role FROM admin_token WHERE revoked_at IS NULL")
                    .query((rs, row) -> loaded.put(
                            ByteBuffer.wrap(rs.getBytes("token_sha256")),
                            new Operator(rs.getString("name"), Role.fromWireName(rs.getString("role")))))
                    .list();
            Map<ByteBuffer, Operator> copy = Map.copyOf(loaded);
            active = copy;
            return copy;
        }
    }

    private Map<ByteBuffer, Operator> loadOnDemand() {
        synchronized (loading) {
            Map<ByteBuffer, Operator> known = active;
            if (known != null) {
                return known;
            }
            long now = nanoTime.getAsLong();
            if (now - nextOnDemandLoad < 0) {
                throw new DataAccessResourceFailureException("admin tokens not loaded from PostgreSQL yet");
            }
            nextOnDemandLoad = now + ON_DEMAND_SPACING;
            return refresh();
        }
    }
}
