package dev.downtime.receiver.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.PostgresIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * When PostgreSQL refuses the values of an admin request that passed our own checks (SQLSTATE
 * class 22, 23, 44 or 54: a value too long, a constraint), the request is to blame, not the
 * database: a 4xx problem, never a 503 that tells the operator to try the same thing again, nor a
 * 500. A trigger makes PostgreSQL refuse a window with the SQLSTATE its reason names.
 */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseRefusalTest extends PostgresIntegrationTest {

    @BeforeEach
    void refuseWindowsWhoseReasonNamesASqlState() {
        jdbc.sql("""
                CREATE FUNCTION test_refuse_window() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.reason LIKE 'sqlstate % column' THEN
                        RAISE EXCEPTION 'refused by test' USING ERRCODE = split_part(NEW.reason, ' ', 2),
                                                                COLUMN = 'ends_at';
                    ELSIF NEW.reason LIKE 'sqlstate %' THEN
                        RAISE EXCEPTION 'refused by test' USING ERRCODE = split_part(NEW.reason, ' ', 2);
                    END IF;
                    RETURN NEW;
                END $$""").update();
        jdbc.sql("""
                CREATE TRIGGER test_refuse_window BEFORE INSERT ON maintenance_window
                    FOR EACH ROW EXECUTE FUNCTION test_refuse_window()""").update();
    }

    @AfterEach
    void acceptWindowsAgain() {
        jdbc.sql("DROP TRIGGER test_refuse_window ON maintenance_window").update();
        jdbc.sql("DROP FUNCTION test_refuse_window()").update();
    }

    @ParameterizedTest(name = "SQLSTATE {0}, column named: {2} -> {1}")
    @CsvSource(textBlock = """
            22001, 400, false
            22P02, 400, false
            23502, 400, true
            23514, 400, false
            23505, 409, false
            44000, 400, false
            54000, 400, true
            57014, 503, false
            """)
    void answersARefusedValueWithAProblemOfTheRequest(
            String sqlState, int status, boolean columnNamed, CapturedOutput output) {
        MvcTestResult result = mvc.post()
                .uri("/api/v1/maintenance-windows")
                .header("Authorization", bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"scope":"host","target":"example","startsAt":"2026-03-01T12:00:00Z",
                         "endsAt":"2026-03-01T13:00:00Z","reason":"sqlstate %s%s"}""".formatted(sqlState, columnNamed ? " column" : ""))
                .exchange();

        assertThat(result).hasStatus(status);
        assertThat(result).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(body(result)).doesNotContain("refused by test").doesNotContain("maintenance_window");
        assertThat(output.getOut()).doesNotContain("Unexpected error");
        assertThat(count("maintenance_window")).isZero();
        if (columnNamed) {
            // PostgreSQL named the column (as it does for a missing value): the problem names the field.
            assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("endsAt");
        }
    }
}
