package dev.downtime.receiver.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;

/**
 * Any bytes either parse into a payload within its rules or are refused with {@link
 * InvalidPayloadException}: never another exception, never a payload out of range.
 */
class MonitorPayloadParserFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void parsesAnyBytesIntoAValidPayloadOrRefusesThem(@NotNull byte[] body) {
        MonitorPayload payload;
        try {
            payload = MonitorPayloadParser.parse(body);
        } catch (InvalidPayloadException refused) {
            assertThat(refused.getMessage()).doesNotContain("Exception");
            return;
        }
        assertThat(payload.url()).isNotNull();
        assertThat(payload.code()).isBetween(0, 999);
        if (payload.ts() != null) {
            assertThat(payload.ts()).isBetween(0L, MonitorPayloadParser.MAX_TS);
        }
        if (payload.host() != null) {
            assertThat(payload.host().length()).isLessThanOrEqualTo(MonitorPayloadParser.MAX_HOST_LENGTH);
        }
    }
}
