package dev.downtime.receiver.jobs;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A task the service runs in the background, again a fixed delay after each run ends. Declare one
 * as a bean; {@link Jobs} runs it, times it, counts its failures and logs them.
 *
 * @param name what the job is called in logs and in the {@code job} tag of its metrics
 * @param interval the delay between the end of one run and the start of the next
 * @param lockKey when not null, the PostgreSQL advisory lock a run holds: with several instances,
 *     one runs the job at a time, and the others skip their turn
 * @param enabled whether to run it at all (a feature turned off by configuration)
 */
public record Job(
        String name, Duration interval, Task task, @Nullable Long lockKey, boolean enabled) {

    /** The work of one run; whatever it throws is the run's failure. */
    @FunctionalInterface
    public interface Task {
        void run() throws Exception;
    }

    public Job {
        Objects.requireNonNull(name);
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("job " + name + ": the interval must be positive");
        }
    }

    /** A job run on every instance, every {@code interval}. */
    public static Job every(String name, Duration interval, Task task) {
        return new Job(name, interval, task, null, true);
    }

    /**
     * This job, run by one instance at a time: a run holds a session advisory lock on {@code
     * lockKey}, which PostgreSQL releases if the instance dies; an instance that finds it taken
     * skips its turn. Any constant works, as long as nothing else takes the same lock.
     */
    public Job onOneInstanceAtATime(long lockKey) {
        return new Job(name, interval, task, lockKey, enabled);
    }

    /** This job, or, when {@code enabled} is false, one that is never run. */
    public Job enabledIf(boolean enabled) {
        return new Job(name, interval, task, lockKey, this.enabled && enabled);
    }
}
