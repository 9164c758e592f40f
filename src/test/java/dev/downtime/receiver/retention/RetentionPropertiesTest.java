package dev.downtime.receiver.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class RetentionPropertiesTest {

    @Test
    void keepsNinetyDaysAndDeletesHourlyInBatches() {
        RetentionProperties defaults = new Binder(new MapConfigurationPropertySource())
                .bindOrCreate("receiver.retention", RetentionProperties.class);

        assertThat(defaults.maxAge()).isEqualTo(Duration.ofDays(90));
        assertThat(defaults.interval()).isEqualTo(Duration.ofHours(1));
        assertThat(defaults.batchSize()).isEqualTo(10_000);
    }
}
