package dev.downtime.receiver.alerts.grouping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.MutableClock;
import dev.downtime.receiver.alerts.grouping.ChannelPacer.Decision;
import dev.downtime.receiver.alerts.grouping.ChannelPacer.Go;
import dev.downtime.receiver.alerts.grouping.ChannelPacer.Wait;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PacingTest {

    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    static final GroupKey G1 = new GroupKey("host", "h1");
    static final GroupKey G2 = new GroupKey("host", "h2");

    final MutableClock clock = new MutableClock(T0);
    final ChannelPacer pacer = ChannelPacer.standard(clock, Duration.ofMinutes(5));

    @Test
    void slackTakesOneMessageASecondWhateverTheGroup() {
        assertThat(pacer.acquire("slack", G1)).isInstanceOf(Go.class);
        assertThat(pacer.acquire("slack", G2)).isEqualTo(new Wait(T0.plusSeconds(1)));
        clock.advance(Duration.ofMillis(999));
        assertThat(pacer.acquire("slack", G2)).isEqualTo(new Wait(T0.plusSeconds(1)));
        clock.advance(Duration.ofMillis(1));
        assertThat(pacer.acquire("slack", G2)).isInstanceOf(Go.class);
    }

    @Test
    void slackAnswering429PausesItUntilItsRetryAfter() {
        assertThat(pacer.acquire("slack", G1)).isInstanceOf(Go.class);
        assertThat(pacer.rejected("slack", "30")).isEqualTo(T0.plusSeconds(30));
        clock.advance(Duration.ofSeconds(29));
        assertThat(pacer.acquire("slack", G2)).isEqualTo(new Wait(T0.plusSeconds(30)));
        clock.advance(Duration.ofSeconds(1));
        assertThat(pacer.acquire("slack", G2)).isInstanceOf(Go.class);
    }

    @Test
    void theWebhookIsPacedOnlyByItsRetryAfterAsADate() {
        assertThat(pacer.acquire("webhook", G1)).isInstanceOf(Go.class);
        assertThat(pacer.acquire("webhook", G1)).as("no pace of its own").isInstanceOf(Go.class);
        assertThat(pacer.rejected("webhook", "Wed, 25 Nov 2026 10:02:00 GMT")).isEqualTo(T0.plusSeconds(120));
        assertThat(pacer.acquire("webhook", G2)).isEqualTo(new Wait(T0.plusSeconds(120)));
        assertThat(pacer.acquire("slack", G2)).as("other channels go on").isInstanceOf(Go.class);
        clock.advance(Duration.ofMinutes(2));
        assertThat(pacer.acquire("webhook", G2)).isInstanceOf(Go.class);
    }

    @Test
    void aShorterRetryAfterDoesNotCutALongerPauseShort() {
        pacer.rejected("webhook", "120");
        assertThat(pacer.rejected("webhook", "5")).isEqualTo(T0.plusSeconds(120));
    }

    @Test
    void aRejectionWithoutUsableRetryAfterPausesByTheChannelsDefault() {
        assertThat(pacer.rejected("webhook", null)).isEqualTo(T0);
        assertThat(pacer.rejected("webhook", "soon")).isEqualTo(T0);
        assertThat(pacer.rejected("pagerduty", null)).isEqualTo(T0.plusSeconds(60));
        assertThat(pacer.rejected("slack", "")).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void emailSendsAtMostOnePerGroupPerInterval() {
        assertThat(pacer.acquire("email", G1)).isInstanceOf(Go.class);
        assertThat(pacer.acquire("email", G2)).as("another group").isInstanceOf(Go.class);
        clock.advance(Duration.ofMinutes(4));
        assertThat(pacer.acquire("email", G1)).isEqualTo(new Wait(T0.plus(Duration.ofMinutes(5))));
        clock.advance(Duration.ofMinutes(1));
        assertThat(pacer.acquire("email", G1)).isInstanceOf(Go.class);
    }

    @Test
    void aFailedDeliveryDoesNotCountAgainstItsGroupsInterval() {
        Go first = (Go) pacer.acquire("email", G1);
        clock.advance(Duration.ofMinutes(5));
        Go retried = (Go) pacer.acquire("email", G1);
        pacer.failed(retried);
        clock.advance(Duration.ofSeconds(10));
        assertThat(pacer.acquire("email", G1)).as("the retry goes at once").isInstanceOf(Go.class);
        assertThat(first.previousGroupDelivery()).isNull();
        assertThat(retried.previousGroupDelivery()).isEqualTo(T0);
    }

    @Test
    void aChannelWithoutPaceIsNeverHeld() {
        assertThat(IntStream.range(0, 100).mapToObj(i -> pacer.acquire("sms", G1)))
                .allMatch(Go.class::isInstance);
    }

    @Test
    void concurrentSendersGetOneSlackSlotASecond() throws Exception {
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            List<Callable<Decision>> tries = IntStream.range(0, 200)
                    .mapToObj(i -> (Callable<Decision>) () -> pacer.acquire("slack", i % 2 == 0 ? G1 : G2))
                    .toList();
            long granted = 0;
            for (Future<Decision> decision : threads.invokeAll(tries)) {
                granted += decision.get() instanceof Go ? 1 : 0;
            }
            assertThat(granted).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            0                               | PT0S
            120                             | PT2M
            '  7 '                          | PT7S
            3600                            | PT1H
            86400                           | PT1H
            99999999999999999999999999      | PT1H
            Wed, 25 Nov 2026 10:00:30 GMT   | PT30S
            Wednesday, 25-Nov-26 10:00:30 GMT | PT30S
            Wed Nov 25 10:00:30 2026        | PT30S
            Wed Nov  4 10:00:00 2026        | PT0S
            Tue, 24 Nov 2026 10:00:00 GMT   | PT0S
            Fri, 25 Dec 2026 10:00:00 GMT   | PT1H
            """)
    void readsRetryAfterAsSecondsOrAnyHttpDateWithinAnHour(String header, Duration wait) {
        assertThat(RetryAfter.parse(header, T0)).contains(T0.plus(wait));
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            -5
            1.5
            soon
            '25 Nov 2026 10:00:30'
            ''
            """)
    void ignoresARetryAfterThatIsNeitherSecondsNorADate(String header) {
        assertThat(RetryAfter.parse(header, T0)).isEqualTo(Optional.empty());
    }
}
