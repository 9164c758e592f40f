package dev.downtime.receiver.database;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * What a failed database call says, by its SQLSTATE: that PostgreSQL refused the values of a row
 * (the row is to blame, the database is fine), that it is down or not answering, that a concurrent
 * transaction got in the way, or some other fault that no row is to blame for. Only {@link
 * #UNAVAILABLE} means "PostgreSQL is down".
 */
public enum DatabaseFailure {

    /**
     * PostgreSQL refused the values it was given: class 22 (data exception: a value too long, a NUL
     * character, a bad encoding, out of range), 23 (integrity constraint violation: not null,
     * check, unique, foreign key), 44 (WITH CHECK OPTION violation) and 54 (program limit exceeded:
     * an index entry over the b-tree limit, a statement too complex). The same row is refused again
     * however often it is sent, while other rows are not.
     */
    REFUSED_VALUES,

    /**
     * A concurrent transaction got in the way: class 40 (serialization failure, deadlock). The
     * same statement may succeed when sent again.
     */
    CONFLICT,

    /**
     * PostgreSQL is down or not answering: class 08 (connection exception), 53 (insufficient
     * resources: disk full, out of memory, too many connections), 57 (operator intervention: shut
     * down, restarting, a statement cancelled by a timeout), 58 (system error: I/O), a timeout, or a
     * failure with no SQLSTATE at all (the connection broke before PostgreSQL said anything).
     */
    UNAVAILABLE,

    /**
     * Everything else: the schema, privileges, PostgreSQL itself (class 42, 55, XX...), or a bug
     * here. No row is to blame, so none is set aside; it is treated like {@link #UNAVAILABLE}, but a
     * person has to look.
     */
    FAULT;

    /** The longest reason kept from a database message. */
    private static final int MAX_REASON_LENGTH = 500;

    /** Classifies a failure: a lost or timed-out connection, else by the first SQLSTATE along its causes. */
    public static DatabaseFailure of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTimeoutException
                    || cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SQLRecoverableException) {
                return UNAVAILABLE;
            }
        }
        String state = sqlState(failure);
        if (state != null) {
            return ofSqlState(state);
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException
                    || cause instanceof TimeoutException
                    || cause instanceof IOException
                    || cause instanceof DataAccessResourceFailureException
                    || cause instanceof QueryTimeoutException
                    || cause instanceof CannotCreateTransactionException) {
                return UNAVAILABLE;
            }
        }
        return FAULT;
    }

    static DatabaseFailure ofSqlState(String state) {
        if (state.length() < 2) {
            return FAULT;
        }
        return switch (state.substring(0, 2)) {
            case "22", "23", "44", "54" -> REFUSED_VALUES;
            case "40" -> CONFLICT;
            case "08", "53", "57", "58" -> UNAVAILABLE;
            default -> FAULT;
        };
    }

    /** The first SQLSTATE along the failure's causes, if any. */
    public static @Nullable String sqlState(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    /**
     * PostgreSQL's own message for the failure, on one line, without the {@code Detail} that may
     * repeat the whole row, and without NUL characters (which a text column cannot hold).
     */
    public static String reason(Throwable failure) {
        String message = null;
        for (Throwable cause = failure; cause != null && message == null; cause = cause.getCause()) {
            if (cause instanceof SQLException) {
                message = cause.getMessage();
            }
        }
        if (message == null) {
            message = failure.toString();
        }
        int end = message.indexOf('\n');
        String line = (end < 0 ? message : message.substring(0, end)).replace('\0', ' ');
        if (line.startsWith("ERROR: ")) {
            line = line.substring("ERROR: ".length());
        }
        return line.length() > MAX_REASON_LENGTH ? line.substring(0, MAX_REASON_LENGTH) + "..." : line;
    }
}
