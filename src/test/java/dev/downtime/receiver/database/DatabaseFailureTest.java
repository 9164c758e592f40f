package dev.downtime.receiver.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;

class DatabaseFailureTest {

    @ParameterizedTest(name = "{0} ({2}) is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            54000 | REFUSED_VALUES | index row size exceeds btree maximum (program limit exceeded)
            54001 | REFUSED_VALUES | statement too complex
            22021 | REFUSED_VALUES | character not in repertoire (NUL in text)
            22023 | REFUSED_VALUES | invalid parameter value (pgjdbc: zero bytes in a string)
            22001 | REFUSED_VALUES | string data right truncation
            22P05 | REFUSED_VALUES | untranslatable character
            23502 | REFUSED_VALUES | not null violation
            23514 | REFUSED_VALUES | check violation
            23505 | REFUSED_VALUES | unique violation
            44000 | REFUSED_VALUES | with check option violation
            40001 | CONFLICT       | serialization failure
            40P01 | CONFLICT       | deadlock detected
            08006 | UNAVAILABLE    | connection failure
            08001 | UNAVAILABLE    | unable to connect
            57P01 | UNAVAILABLE    | admin shutdown
            57P03 | UNAVAILABLE    | cannot connect now
            57014 | UNAVAILABLE    | query canceled (statement timeout)
            53100 | UNAVAILABLE    | disk full
            53300 | UNAVAILABLE    | too many connections
            58030 | UNAVAILABLE    | I/O error
            42P01 | FAULT          | undefined table
            42501 | FAULT          | insufficient privilege
            55P03 | FAULT          | lock not available
            25006 | FAULT          | read only transaction (a standby)
            XX000 | FAULT          | internal error
            XX001 | FAULT          | data corrupted
            """)
    void classifiesBySqlStateWhateverWrapsIt(String state, DatabaseFailure expected, String what) {
        SQLException sql = new SQLException("ERROR: " + what, state);

        assertThat(DatabaseFailure.of(sql)).isEqualTo(expected);
        assertThat(DatabaseFailure.of(new UncategorizedSQLException("insert", "INSERT ...", sql)))
                .isEqualTo(expected);
        assertThat(DatabaseFailure.of(new DataIntegrityViolationException("insert", sql)))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            socket timeout
            commit deadline
            pool timeout
            no connection
            I/O without SQLSTATE
            """)
    void takesTimeoutsAndLostConnectionsForUnavailable(String what) {
        Throwable failure = switch (what) {
            case "socket timeout" ->
                new SQLException("An I/O error occurred", null, new SocketTimeoutException("Read timed out"));
            case "commit deadline" -> new TimeoutException("not done within 1s");
            // HikariCP's timeout may carry the state of an unrelated, earlier error.
            case "pool timeout" -> new SQLTransientConnectionException("Connection is not available", "23505");
            case "no connection" -> new CannotGetJdbcConnectionException("no connection");
            default -> new IOException("Broken pipe");
        };

        assertThat(DatabaseFailure.of(failure)).isEqualTo(DatabaseFailure.UNAVAILABLE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ERROR: new row violates check constraint "x"\\n  Detail: Failing row contains (1, 2) | new row violates check constraint "x"
            a NUL\\u0000in it                                                                    | a NUL in it
            """)
    void keepsPostgresMessageOnOneLineWithoutTheRowOrNulCharacters(String message, String reason) {
        String unescaped = message.replace("\\n", "\n").replace("\\u0000", "\0");

        assertThat(DatabaseFailure.reason(new SQLException(unescaped, "23514"))).isEqualTo(reason);
    }

    @ParameterizedTest(name = "{0} characters")
    @CsvSource({"500, 500", "501, 503", "5000, 503"})
    void boundsTheReason(int length, int kept) {
        assertThat(DatabaseFailure.reason(new SQLException("x".repeat(length), "54000")))
                .hasSize(kept);
    }
}
