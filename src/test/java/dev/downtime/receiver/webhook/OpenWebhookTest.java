package dev.downtime.receiver.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.downtime.receiver.DowntimeReceiverApplication;
import dev.downtime.receiver.TestDatabase;
import dev.downtime.receiver.security.RefusedConfigurationException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Safe by default: the service does not start with a webhook anyone can call, unless told it is guarded elsewhere. */
@ExtendWith(OutputCaptureExtension.class)
class OpenWebhookTest {

    static WebhookProperties bind(String tokens, String allowed, String mode, String allowOpen) {
        Map<String, String> properties = new HashMap<>();
        properties.put("receiver.webhook.tokens", tokens);
        properties.put("receiver.webhook.allowed-addresses", allowed);
        properties.put("receiver.webhook.allowlist-mode", mode);
        properties.put("receiver.webhook.allow-open", allowOpen);
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("receiver.webhook", WebhookProperties.class);
    }

    @ParameterizedTest(name = "tokens ''{0}'', allowlist ''{1}'' ({2}), allow-open {3}: starts {4}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                          | ''              | enforce  | false | false
            ''                          | 203.0.113.0/24  | log-only | false | false
            k7PqR2vX9mLw4TzY8nB3cD      | ''              | enforce  | false | true
            ''                          | 203.0.113.0/24  | enforce  | false | true
            k7PqR2vX9mLw4TzY8nB3cD      | 203.0.113.0/24  | log-only | false | true
            ''                          | ''              | enforce  | true  | true
            ''                          | 203.0.113.0/24  | log-only | true  | true
            """)
    void startsOnlyWithATokenOrAnEnforcedAllowlistUnlessAllowedOpen(
            String tokens, String allowed, String mode, String allowOpen, boolean starts) {
        WebhookProperties properties = bind(tokens, allowed, mode, allowOpen);

        if (starts) {
            assertThatCode(() -> WebhookWebConfiguration.requireGuard(properties))
                    .doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> WebhookWebConfiguration.requireGuard(properties))
                    .isInstanceOf(RefusedConfigurationException.class)
                    .hasMessageContaining("open to anyone");
        }
    }

    @Test
    void refusesToStartOpenSayingWhatToSet(@TempDir Path data, CapturedOutput output) {
        TestDatabase.Connection db = TestDatabase.connection();

        assertThatThrownBy(() -> new SpringApplicationBuilder(DowntimeReceiverApplication.class)
                        .run(
                                "--server.port=0",
                                "--spring.datasource.url=" + db.url(),
                                "--spring.datasource.username=" + (db.username() != null ? db.username() : ""),
                                "--spring.datasource.password=" + (db.password() != null ? db.password() : ""),
                                "--receiver.admin.tokens=ops:open-webhook-test-token-0123",
                                "--receiver.spool.directory=" + data.resolve("spool"),
                                "--receiver.snapshot.directory=" + data.resolve("snapshot"),
                                "--receiver.verification.enabled=false",
                                "--spring.main.banner-mode=off",
                                "--logging.level.io.zonky=WARN"))
                .hasRootCauseInstanceOf(RefusedConfigurationException.class);

        assertThat(output.getOut())
                .contains("APPLICATION FAILED TO START")
                .contains("The webhook would be open to anyone")
                .contains("Set RECEIVER_WEBHOOK_TOKENS to a secret path token")
                .contains("RECEIVER_WEBHOOK_ALLOW_OPEN=true");
    }

    @Test
    void saysSoInItsLogWhenAllowedOpen(CapturedOutput output) {
        WebhookWebConfiguration.requireGuard(bind("", "", "enforce", "true"));

        assertThat(output.getOut()).contains("The webhook is open to anyone (receiver.webhook.allow-open=true");
    }
}
