package dev.downtime.receiver.verification;

import dev.downtime.receiver.incidents.Incidents;
import dev.downtime.receiver.incidents.Verdict;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checks the sites of open incidents from the host's own network (the queue of them is kept by
 * {@link IncidentsToCheck}, from incidents' events): soon after an incident opens,
 * then every {@code interval} for as long as it stays open (but no longer than {@code recheck-for}
 * after Monitor's last report on it), whatever the last check saw (the issue
 * asks for re-checks while open, so that the incident tells when the site answered again from our
 * side, and whether it stayed up). Work is bounded: at most {@code concurrency}
 * checks at once, at most one check of a URL per interval whatever the incidents, and incidents
 * are claimed with {@code SKIP LOCKED} so that several instances never check the same one at once.
 * What a check found goes to incidents through its API ({@link Incidents#recordCheck}).
 * A burst of thousands of notifications only lengthens the queue; it never touches the webhook.
 */
@Component
class VerificationScheduler implements SmartLifecycle {

    /** The log context of what is logged while an incident is checked. */
    static final String MDC_INCIDENT = "incident.id";

    private static final Logger log = LoggerFactory.getLogger(VerificationScheduler.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Incidents incidents;
    private final SiteChecker checker;
    private final VerificationProperties properties;
    private final Clock clock;
    private final Semaphore slots;
    private final MeterRegistry meters;
    private volatile ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean running;

    VerificationScheduler(
            JdbcClient jdbc,
            TransactionTemplate transaction,
            VerificationProperties properties,
            Clock clock,
            SiteChecker checker,
            Incidents incidents,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.incidents = incidents;
        this.properties = properties;
        this.clock = clock;
        this.checker = checker;
        this.slots = new Semaphore(properties.concurrency());
        this.meters = meters;
        Gauge.builder(
                        "receiver.verification.checks.running",
                        slots,
                        free -> properties.concurrency() - free.availablePermits())
                .description("Checks of sites running now on this instance")
                .register(meters);
    }

    /** Claims as many due incidents as there are free slots and checks each on its own thread. */
    int startDueChecks() {
        int free = slots.availablePermits();
        if (free == 0 || !running) {
            return 0;
        }
        List<Due> due = transaction.execute(status -> claim(free));
        if (due == null) {
            return 0;
        }
        for (Due incident : due) {
            slots.acquireUninterruptibly();
            try {
                executor.execute(() -> {
                    try (var logged =
                            MDC.putCloseable(MDC_INCIDENT, incident.id().toString())) {
                        record(incident, checker.check(incident.url()));
                    } catch (RuntimeException e) {
                        log.warn("Could not record the check of incident {}: {}", incident.id(), e.toString());
                    } finally {
                        slots.release();
                    }
                });
            } catch (RejectedExecutionException stopping) {
                // Stopped meanwhile: the incident was planned an interval ahead and is checked then.
                slots.release();
            }
        }
        return due.size();
    }

    /**
     * The oldest due incidents, at most {@link #scanned} of them whatever the length of the queue (a
     * mass outage puts every incident in it at once), locked: each is stopped, put off or claimed,
     * so each cycle moves on through the queue. Re-spacing the whole queue in every cycle cost about
     * 200 ms of PostgreSQL's time a cycle at 100,000 open incidents (bench/PERFORMANCE.md).
     */
    private List<Due> claim(int limit) {
        Instant now = clock.instant();
        Instant checkedSince = now.minus(properties.interval());
        Instant reportedSince = now.minus(properties.recheckFor());
        List<Candidate> candidates = jdbc.sql("""
                        WITH due AS (SELECT incident_id, url, last_code, last_reported_at, next_check_at
                                       FROM verification_due
                                      WHERE closed_at IS NULL AND next_check_at <= :now
                                      ORDER BY next_check_at
                                      LIMIT :scan
                                        FOR UPDATE SKIP LOCKED)
                        SELECT d.incident_id, d.url, d.last_code, d.last_reported_at,
                               (SELECT max(v.checked_at) FROM verification v
                                 WHERE url_key(v.url) = url_key(d.url) AND v.url = d.url) AS last_checked_at
                          FROM due d
                         ORDER BY d.next_check_at
                        """)
                .param("now", utc(now))
                .param("scan", scanned(limit))
                .query((rs, row) -> new Candidate(
                        new Due(rs.getObject("incident_id", UUID.class), rs.getString("url"), rs.getInt("last_code")),
                        rs.getObject("last_reported_at", OffsetDateTime.class).toInstant(),
                        instantOrNull(rs.getObject("last_checked_at", OffsetDateTime.class))))
                .list();
        List<Due> due = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        List<@Nullable String> next = new ArrayList<>();
        for (Candidate candidate : candidates) {
            Instant lastChecked = candidate.lastCheckedAt();
            if (candidate.lastReportedAt().isBefore(reportedSince)) {
                // Monitor may never report a recovery: an incident it has not reported on for
                // recheck-for is no longer checked, until a new failure report plans a check again
                // (IncidentsToCheck).
                ids.add(candidate.due().id());
                next.add(null);
            } else if (lastChecked != null && lastChecked.isAfter(checkedSince)) {
                // Checked within the interval (for another incident of the URL): waits for its turn.
                ids.add(candidate.due().id());
                next.add(lastChecked.plus(properties.interval()).toString());
            } else if (due.size() < limit) {
                due.add(candidate.due());
                ids.add(candidate.due().id());
                next.add(now.plus(properties.interval()).toString());
            }
        }
        if (!ids.isEmpty()) {
            jdbc.sql("""
                            UPDATE verification_due d SET next_check_at = u.next
                              FROM unnest(CAST(:ids AS uuid[]), CAST(CAST(:next AS text[]) AS timestamptz[])) AS u(id, next)
                             WHERE d.incident_id = u.id
                            """)
                    .param("ids", ids.toArray(UUID[]::new))
                    .param("next", next.toArray(String[]::new))
                    .update();
        }
        return due;
    }

    /** How many due incidents one claim of {@code limit} looks at, at most. */
    static int scanned(int limit) {
        return Math.max(64, 4 * limit);
    }

    private static @Nullable Instant instantOrNull(@Nullable OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }

    /** The check, and its verdict on the incident (through incidents), in one transaction. */
    private void record(Due incident, SiteChecker.Result result) {
        Instant checkedAt = clock.instant();
        Verdict verdict = verdict(result, incident.lastCode());
        transaction.executeWithoutResult(status -> {
            jdbc.sql("""
                            INSERT INTO verification (id, incident_id, checked_at, url, method, status, latency_ms,
                                                      error, detail)
                            VALUES (:id, :incident, :at, :url, :method, :status, :latency, :error, :detail)
                            """)
                    .param("id", UUID.randomUUID())
                    .param("incident", incident.id())
                    .param("at", utc(checkedAt))
                    .param("url", incident.url())
                    .param("method", result.method(), java.sql.Types.VARCHAR)
                    .param("status", result.status(), java.sql.Types.INTEGER)
                    .param("latency", (int) Math.min(Integer.MAX_VALUE, result.latencyMillis()))
                    .param("error", result.error(), java.sql.Types.VARCHAR)
                    .param("detail", result.detail(), java.sql.Types.VARCHAR)
                    .update();
            // Checking goes on at the interval (set when claimed) until the incident closes.
            incidents.recordCheck(incident.id(), verdict, checkedAt);
        });
        meters.counter("receiver.verification.checks", "verdict", verdict.wireName())
                .increment();
    }

    /**
     * {@code confirmed} when we cannot reach the site or get a server error or the very code
     * Monitor got; {@code not-reproduced} when it answers 2xx or 3xx; otherwise {@code inconclusive}.
     */
    static Verdict verdict(SiteChecker.Result result, int monitorsCode) {
        if (result.status() == null) {
            return switch (result.error() == null ? "other" : result.error()) {
                case "timeout", "dns", "refused", "tls" -> Verdict.CONFIRMED;
                default -> Verdict.INCONCLUSIVE;
            };
        }
        int status = result.status();
        if (status >= 200 && status < 400) {
            return Verdict.NOT_REPRODUCED;
        }
        return status >= 500 || status == monitorsCode ? Verdict.CONFIRMED : Verdict.INCONCLUSIVE;
    }

    @Override
    public void start() {
        if (executor.isShutdown()) {
            executor = Executors.newVirtualThreadPerTaskExecutor(); // started again after a stop
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        executor.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private record Due(UUID id, String url, int lastCode) {}

    private record Candidate(
            Due due, Instant lastReportedAt, @Nullable Instant lastCheckedAt) {}
}
