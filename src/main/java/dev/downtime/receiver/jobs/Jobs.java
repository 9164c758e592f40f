package dev.downtime.receiver.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Runs every {@link Job} bean at its interval on the service's scheduler pool. Each run is timed
 * ({@code receiver.jobs.runs{job,outcome}}, outcome {@code success}, {@code failure} or {@code
 * skipped}); each failure counts in {@code receiver.jobs.failures{job}} and is logged at WARN with
 * its cause. A job that keeps failing (PostgreSQL down: several jobs fail every second) is logged
 * the first time, then at most once a {@link #REPEAT_LOG_INTERVAL} with how many failures were not
 * logged, and once at INFO when it works again. A stack trace is logged only for a failure that is
 * not a database call's.
 */
@Component
public class Jobs implements SchedulingConfigurer {

    /** What became of one run. */
    public enum Outcome {
        SUCCESS,
        FAILURE,
        /** Another instance held the job's lock. */
        SKIPPED;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final Duration REPEAT_LOG_INTERVAL = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(Jobs.class);

    private final Map<String, Scheduled> jobs = new LinkedHashMap<>();
    private final DataSource dataSource;
    private final LongSupplier nanoTime;

    @Autowired
    Jobs(List<Job> jobs, DataSource dataSource, MeterRegistry meters) {
        this(jobs, dataSource, meters, System::nanoTime);
    }

    Jobs(List<Job> jobs, DataSource dataSource, MeterRegistry meters, LongSupplier nanoTime) {
        this.dataSource = dataSource;
        this.nanoTime = nanoTime;
        for (Job job : jobs) {
            if (this.jobs.put(job.name(), new Scheduled(job, meters)) != null) {
                throw new IllegalStateException("two jobs are called " + job.name());
            }
        }
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        for (Scheduled scheduled : jobs.values()) {
            if (scheduled.job.enabled()) {
                registrar.addFixedDelayTask(() -> run(scheduled), scheduled.job.interval());
            }
        }
    }

    /**
     * Runs the job now, on the caller's thread, exactly as its schedule would: lock, metrics, logs.
     *
     * @throws IllegalArgumentException when no job has that name
     */
    public Outcome runNow(String name) {
        Scheduled scheduled = jobs.get(name);
        if (scheduled == null) {
            throw new IllegalArgumentException("no job is called " + name);
        }
        return run(scheduled);
    }

    private Outcome run(Scheduled scheduled) {
        long start = nanoTime.getAsLong();
        Outcome outcome;
        try {
            outcome = scheduled.job.lockKey() == null
                    ? runTask(scheduled.job)
                    : runHoldingLock(scheduled.job, scheduled.job.lockKey());
            scheduled.succeeded();
        } catch (Exception e) {
            outcome = Outcome.FAILURE;
            scheduled.failures.increment();
            scheduled.failed(e);
        }
        scheduled.timer(outcome).record(nanoTime.getAsLong() - start, TimeUnit.NANOSECONDS);
        return outcome;
    }

    private static Outcome runTask(Job job) throws Exception {
        job.task().run();
        return Outcome.SUCCESS;
    }

    /**
     * A session lock, on a connection kept for the whole run: the task's own statements use other
     * connections, and may commit as they go.
     */
    private Outcome runHoldingLock(Job job, long key) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            if (!lock(connection, "pg_try_advisory_lock", key)) {
                return Outcome.SKIPPED;
            }
            try {
                return runTask(job);
            } finally {
                lock(connection, "pg_advisory_unlock", key);
            }
        }
    }

    private static boolean lock(Connection connection, String function, long key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + function + "(?)")) {
            statement.setLong(1, key);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    /** One job and what its logs and metrics remember of it. */
    private final class Scheduled {

        final Job job;
        final Counter failures;
        final Map<Outcome, Timer> timers = new LinkedHashMap<>();
        // Guarded by this: a job runs on one thread at a time, but runNow may run it on another.
        private int failuresNotLogged;
        private int failuresInARow;
        private long lastLoggedAt;

        Scheduled(Job job, MeterRegistry meters) {
            this.job = job;
            this.failures = Counter.builder("receiver.jobs.failures")
                    .description("Runs of a background job that failed")
                    .tag("job", job.name())
                    .register(meters);
            for (Outcome outcome : Outcome.values()) {
                timers.put(
                        outcome,
                        Timer.builder("receiver.jobs.runs")
                                .description("Runs of a background job, and how long they took")
                                .tag("job", job.name())
                                .tag("outcome", outcome.tag())
                                .register(meters));
            }
        }

        Timer timer(Outcome outcome) {
            // The constructor made one per outcome.
            return Objects.requireNonNull(timers.get(outcome));
        }

        synchronized void failed(Exception failure) {
            failuresInARow++;
            long now = nanoTime.getAsLong();
            if (failuresInARow > 1 && now - lastLoggedAt < REPEAT_LOG_INTERVAL.toNanos()) {
                failuresNotLogged++;
                return;
            }
            String cause = cause(failure);
            if (failuresInARow == 1) {
                if (databaseUnavailable(failure)) {
                    log.warn("Job {} failed: {}", job.name(), cause);
                } else {
                    log.warn("Job {} failed: {}", job.name(), cause, failure);
                }
            } else {
                log.warn(
                        "Job {} still failing ({} failures in a row, {} not logged since the last line): {}",
                        job.name(),
                        failuresInARow,
                        failuresNotLogged,
                        cause);
            }
            failuresNotLogged = 0;
            lastLoggedAt = now;
        }

        synchronized void succeeded() {
            if (failuresInARow > 0) {
                log.info("Job {} works again after {} failures in a row", job.name(), failuresInARow);
            }
            failuresInARow = 0;
            failuresNotLogged = 0;
        }
    }

    /**
     * A database call failed (PostgreSQL down, most likely): its message says what a stack trace
     * would, and an outage would print one per job.
     */
    static boolean databaseUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataAccessException || cause instanceof SQLException) {
                return true;
            }
        }
        return false;
    }

    /** The failure and, when another exception lies under it, the innermost one: what went wrong. */
    static String cause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == failure ? failure.toString() : failure + " (caused by " + root + ")";
    }
}
