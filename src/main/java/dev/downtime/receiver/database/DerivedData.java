package dev.downtime.receiver.database;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Transactions that only derive data from events the registry keeps until they complete (the
 * fold into incidents, the promise ledger, alert grouping, verification's queue) need not wait for
 * their commit to reach the disk. PostgreSQL's asynchronous commit loses at most the last few
 * hundred milliseconds of such transactions in a crash of the database, whole, never in part, and
 * in the order they committed: their events are then still incomplete and handed over again, and
 * each listener applies an event twice without change. Any later synchronous commit (the
 * webhook's, an edit's) flushes them to disk with it. Without this, every such commit waited for
 * its own flush, on the same disk as the webhook's commits that Monitor is waiting for.
 */
public final class DerivedData {

    private DerivedData() {}

    /** From here to the end of the caller's transaction, its commit does not wait for the disk. */
    public static void commitWithoutWaitingForDisk(JdbcClient jdbc) {
        jdbc.sql("SET LOCAL synchronous_commit = off").update();
    }
}
