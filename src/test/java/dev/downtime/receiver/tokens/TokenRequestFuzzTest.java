package dev.downtime.receiver.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.downtime.receiver.tokens.TokenController.TokenRequest;
import dev.downtime.receiver.web.JsonLimits;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Any body sent to {@code POST /api/v1/tokens} is either unreadable JSON, refused by bean
 * validation, or a request with a name of 1 to 100 visible characters and a known role: never
 * another exception. Runs its regression inputs in every build; {@code JAZZER_FUZZ=1} fuzzes it.
 */
class TokenRequestFuzzTest {

    /** Reads as the service's own mapper does, with the same stream limits. */
    static final JsonMapper JSON = JsonLimits.requestMapper();

    static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    @FuzzTest(maxDuration = "30s")
    void readsAnyBodyIntoAValidTokenRequestOrRefusesIt(@NotNull String body) {
        TokenRequest request;
        try {
            request = JSON.readValue(body, TokenRequest.class);
        } catch (JacksonException unreadable) {
            return;
        }
        if (request == null || !VALIDATOR.validate(request).isEmpty()) {
            return; // answered 400 with the invalid fields
        }
        assertThat(request.role()).isNotNull();
        assertThat(request.name()).isNotBlank();
        assertThat(request.name().length()).isLessThanOrEqualTo(100);
    }
}
