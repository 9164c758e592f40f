package dev.downtime.receiver.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

@ExtendWith(OutputCaptureExtension.class)
class JobsTest {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final AtomicLong nanos = new AtomicLong();
    final AtomicBoolean failing = new AtomicBoolean(true);

    final Job broken = Job.every("broken", Duration.ofSeconds(1), () -> {
        if (failing.get()) {
            throw new IllegalStateException("could not do it", new IOException("disk full"));
        }
    });

    Jobs jobs(Job... jobs) {
        return new Jobs(List.of(jobs), new SimpleDriverDataSource(), meters, nanos::get);
    }

    double failures(String job) {
        return meters.get("receiver.jobs.failures").tag("job", job).counter().count();
    }

    long runs(String job, String outcome) {
        return meters.get("receiver.jobs.runs")
                .tag("job", job)
                .tag("outcome", outcome)
                .timer()
                .count();
    }

    static long lines(CapturedOutput output, String text) {
        return output.getAll().lines().filter(line -> line.contains(text)).count();
    }

    @Test
    void aFailingJobLogsAtWarnWithItsCauseAndCountsTheFailure(CapturedOutput output) {
        assertThat(jobs(broken).runNow("broken")).isEqualTo(Jobs.Outcome.FAILURE);

        assertThat(output.getAll())
                .containsPattern("WARN .* Job broken failed: java.lang.IllegalStateException: could not do it"
                        + " \\(caused by java.io.IOException: disk full\\)");
        // Not the database: something a person must look at, with the stack trace.
        assertThat(output.getAll()).contains("at dev.downtime.receiver.jobs.JobsTest");
        assertThat(failures("broken")).isEqualTo(1);
        assertThat(runs("broken", "failure")).isEqualTo(1);
        assertThat(runs("broken", "success")).isZero();
    }

    @Test
    void aJobThatKeepsFailingIsLoggedOnceAMinuteSayingHowManyFailuresWereNotLogged(CapturedOutput output) {
        Jobs jobs = jobs(broken);
        for (int i = 0; i < 10; i++) {
            jobs.runNow("broken");
            nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        }
        assertThat(lines(output, "Job broken")).isEqualTo(1);

        nanos.addAndGet(Jobs.REPEAT_LOG_INTERVAL.toNanos());
        jobs.runNow("broken");

        assertThat(lines(output, "Job broken")).isEqualTo(2);
        assertThat(output.getAll())
                .containsPattern("WARN .* Job broken still failing \\(11 failures in a row, 9 not logged since the last"
                        + " line\\): java.lang.IllegalStateException: could not do it");
        assertThat(failures("broken")).isEqualTo(11);

        failing.set(false);
        assertThat(jobs.runNow("broken")).isEqualTo(Jobs.Outcome.SUCCESS);
        assertThat(output.getAll()).containsPattern("INFO .* Job broken works again after 11 failures in a row");

        // Failing again is news again.
        failing.set(true);
        jobs.runNow("broken");
        assertThat(lines(output, "Job broken failed")).isEqualTo(2);
    }

    @Test
    void aDatabaseOutageIsLoggedWithoutAStackTrace(CapturedOutput output) {
        Job query = Job.every("query", Duration.ofSeconds(1), () -> {
            throw new DataAccessResourceFailureException(
                    "could not get a connection", new SQLTransientConnectionException("timed out", "08001"));
        });

        jobs(query).runNow("query");

        assertThat(output.getAll()).containsPattern("WARN .* Job query failed: .*could not get a connection");
        assertThat(output.getAll()).doesNotContain("at dev.downtime.receiver.jobs.JobsTest");
        assertThat(failures("query")).isEqualTo(1);
    }

    @Test
    void timesEveryRunByOutcome() {
        failing.set(false);
        Jobs jobs = jobs(broken);

        jobs.runNow("broken");
        jobs.runNow("broken");

        assertThat(runs("broken", "success")).isEqualTo(2);
        assertThat(failures("broken")).isZero();
    }

    @Test
    void schedulesEnabledJobsAtTheirIntervalAndNeverTheOthers() {
        Job off = Job.every("off", Duration.ofSeconds(5), () -> {}).enabledIf(false);
        ScheduledTaskRegistrar registrar = new ScheduledTaskRegistrar();

        jobs(broken, off).configureTasks(registrar);

        assertThat(registrar.getFixedDelayTaskList())
                .singleElement()
                .satisfies(task -> assertThat(task.getIntervalDuration()).isEqualTo(Duration.ofSeconds(1)));
    }
}
