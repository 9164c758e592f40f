package dev.downtime.receiver.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class WebhookPropertiesTest {

    static final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    static WebhookProperties bind(String refill) {
        return new Binder(new MapConfigurationPropertySource(Map.of("receiver.webhook.failed-auth-refill", refill)))
                .bindOrCreate("receiver.webhook", WebhookProperties.class);
    }

    /** Zero would refill instantly (nobody ever throttled); a negative time would block for good. */
    @ParameterizedTest
    @ValueSource(strings = {"0s", "-1m"})
    void refusesARefillTimeThatIsNotPositive(String refill) {
        assertThat(validator.validate(bind(refill)))
                .extracting(violation -> violation.getPropertyPath().toString())
                .containsExactly("failedAuthRefill");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1ms", "1m"})
    void takesAPositiveRefillTime(String refill) {
        assertThat(validator.validate(bind(refill))).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void allowsAnHourOfClockSkewByDefault() {
        WebhookProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("receiver.webhook", WebhookProperties.class);

        assertThat(defaults.maxClockSkew()).isEqualTo(java.time.Duration.ofHours(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "10m", "2h"})
    void takesAClockSkewOfZeroOrMore(String skew) {
        WebhookProperties properties = new Binder(
                        new MapConfigurationPropertySource(Map.of("receiver.webhook.max-clock-skew", skew)))
                .bindOrCreate("receiver.webhook", WebhookProperties.class);

        assertThat(validator.validate(properties)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void refusesANegativeClockSkew() {
        WebhookProperties properties = new Binder(
                        new MapConfigurationPropertySource(Map.of("receiver.webhook.max-clock-skew", "-1s")))
                .bindOrCreate("receiver.webhook", WebhookProperties.class);

        assertThat(validator.validate(properties))
                .extracting(violation -> violation.getPropertyPath().toString())
                .containsExactly("maxClockSkew");
    }

    /** docker-compose.yml passes each of these as {@code ${VAR:-}}: unset means an empty value. */
    @org.junit.jupiter.api.Test
    void takesAnEmptyValueAsNoneAsComposePassesIt() {
        WebhookProperties empty = new Binder(new MapConfigurationPropertySource(Map.of(
                        "receiver.webhook.tokens", "",
                        "receiver.webhook.trusted-proxies", "",
                        "receiver.webhook.allowed-addresses", "")))
                .bindOrCreate("receiver.webhook", WebhookProperties.class);

        assertThat(empty.tokens()).isEmpty();
        assertThat(empty.trustedProxies()).isEmpty();
        assertThat(empty.allowedAddresses()).isEmpty();
        assertThat(validator.validate(empty)).isEmpty();
    }
}
