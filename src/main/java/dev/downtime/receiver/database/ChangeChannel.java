package dev.downtime.receiver.database;

/**
 * A PostgreSQL channel that a module's trigger notifies at commit, and what to do when it does:
 * declared as a bean, heard by {@link ChangeChannelListener} on one connection for all channels.
 *
 * @param name a plain identifier, as the trigger's {@code pg_notify} names it
 * @param onChange run for each batch of notifications, and after every (re)connection
 * @param listen false to leave it to the module's periodic refresh: behind a pooler without
 *     LISTEN (PgBouncer in transaction mode)
 */
public record ChangeChannel(String name, Runnable onChange, boolean listen) {

    public ChangeChannel {
        if (!name.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a plain channel name: " + name);
        }
    }
}
