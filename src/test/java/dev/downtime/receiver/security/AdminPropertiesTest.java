package dev.downtime.receiver.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class AdminPropertiesTest {

    static final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    static AdminProperties bind(String refill) {
        return new Binder(new MapConfigurationPropertySource(Map.of("receiver.admin.failed-auth-refill", refill)))
                .bindOrCreate("receiver.admin", AdminProperties.class);
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
}
