package dev.downtime.receiver.database;

import java.util.function.Supplier;

/**
 * Work whose connections come from a small pool of its own, never from the one the rest of the
 * service shares: the notification writer's commits. Under a mass outage the listeners, jobs and
 * admin requests can hold every shared connection at once; a commit waiting behind them for a
 * connection overran the webhook's commit timeout, the database was taken for down, and
 * notifications were spooled instead of committed (bench/PERFORMANCE.md, 2026-12-06). A
 * transaction begun inside {@link #run} takes its connection from the reserved pool, and every
 * statement of that transaction (the event registry's too) runs on it.
 */
public final class ReservedConnections {

    /** The reserved pool's size: the writer is one thread, holding one connection at a time. */
    public static final int POOL_SIZE = 2;

    private static final ThreadLocal<Boolean> RESERVED = ThreadLocal.withInitial(() -> false);

    private ReservedConnections() {}

    /** Runs the work with this thread's new connections taken from the reserved pool. */
    public static <T> T run(Supplier<T> work) {
        boolean outer = RESERVED.get();
        RESERVED.set(true);
        try {
            return work.get();
        } finally {
            RESERVED.set(outer);
        }
    }

    /** Whether this thread takes its connections from the reserved pool now. */
    static boolean active() {
        return RESERVED.get();
    }
}
