package dev.downtime.receiver.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.maintenance.Coverage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplyTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "2017-11-05T13:15:30Z, 2017-11-05T13:15:30Z",
        "2017-11-05T13:15:30.000001Z, 2017-11-05T13:15:31Z",
        "2017-11-05T13:15:30.999999999Z, 2017-11-05T13:15:31Z",
        "2017-12-31T23:59:59.5Z, 2018-01-01T00:00:00Z",
        "2026-03-01T00:00:00Z, 2026-03-01T00:00:00Z"
    })
    void formatsTheEndInUtcRoundedUpToTheSecond(Instant until, String reply) {
        assertThat(Reply.backAt(until)).isEqualTo(reply);
    }

    @ParameterizedTest(name = "code {0} while covered -> {1}")
    @CsvSource({
        "0, 2017-11-05T13:15:30Z",
        "100, 2017-11-05T13:15:30Z",
        "199, 2017-11-05T13:15:30Z",
        "200, ok",
        "204, ok",
        "299, ok",
        "301, 2017-11-05T13:15:30Z",
        "403, 2017-11-05T13:15:30Z",
        "503, 2017-11-05T13:15:30Z",
        "999, 2017-11-05T13:15:30Z"
    })
    void answersOkToRecoveriesAndTheEndToAnyOtherCode(int code, String reply) {
        Coverage covered = new Coverage(List.of(), Instant.parse("2017-11-05T13:15:30Z"));
        assertThat(Reply.to(code, covered)).isEqualTo(reply);
    }

    @ParameterizedTest(name = "code {0} uncovered -> ok")
    @CsvSource({"0", "200", "503"})
    void answersOkWhenNothingCovers(int code) {
        assertThat(Reply.to(code, Coverage.NONE)).isEqualTo("ok");
    }
}
