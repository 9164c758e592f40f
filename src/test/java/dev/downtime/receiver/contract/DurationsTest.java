package dev.downtime.receiver.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "PT0S, 0 ms",
        "PT0.057S, 57 ms",
        "PT5S, 5 s",
        "PT5.001S, 5001 ms",
        "PT12.36S, 12.3 s",
        "PT30S, 30 s",
        "PT3M, 3 min",
        "PT5H, 5 h",
        "PT72H, 3 days"
    })
    void showsDurationsAsPeopleReadThem(Duration duration, String shown) {
        assertThat(Durations.human(duration)).isEqualTo(shown);
    }
}
