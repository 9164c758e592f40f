package dev.downtime.receiver.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NotificationIdsTest {

    @Test
    void increaseInTheOrderTheyAreMadeEvenWithinOneMillisecond() {
        Instant sameMillisecond = Instant.parse("2026-03-01T12:00:00Z");
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(NotificationIds.next(sameMillisecond));
        }

        // PostgreSQL orders uuid values by their bytes, as unsigned numbers.
        for (int i = 1; i < ids.size(); i++) {
            assertThat(unsigned(ids.get(i)).compareTo(unsigned(ids.get(i - 1)))).isPositive();
        }
        assertThat(ids.getFirst().version()).isEqualTo(7);
        assertThat(ids.getFirst().variant()).isEqualTo(2);
    }

    private static String unsigned(UUID id) {
        return id.toString();
    }
}
