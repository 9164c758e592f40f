package dev.downtime.receiver.alerts.grouping;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

class GroupingPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({GroupingProperties.class, PagerDutyProperties.class})
    static class Bound {}

    final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Bound.class);

    @Test
    void defaultsToTheIssuesTimingGroupedByHostAndPagerDutyOff() {
        context.run(context -> {
            GroupingProperties grouping = context.getBean(GroupingProperties.class);
            assertThat(grouping.grouping()).isEqualTo(new GroupBy.Host());
            assertThat(grouping.groupWait()).isEqualTo(Duration.ofSeconds(30));
            assertThat(grouping.groupInterval()).isEqualTo(Duration.ofMinutes(5));
            assertThat(grouping.repeatInterval()).isEqualTo(Duration.ofHours(4));
            assertThat(grouping.sendFlaps()).isFalse();
            assertThat(grouping.linkBaseUrl()).isNull();
            PagerDutyProperties pagerDuty = context.getBean(PagerDutyProperties.class);
            assertThat(pagerDuty.enabled()).isFalse();
            assertThat(pagerDuty.url()).isEqualTo(URI.create("https://events.pagerduty.com/v2/enqueue"));
        });
    }

    @Test
    void bindsWhatTheDocsSay() {
        context.withPropertyValues(
                        "receiver.alerts.group-by=label:server",
                        "receiver.alerts.group-wait=10s",
                        "receiver.alerts.group-interval=2m",
                        "receiver.alerts.repeat-interval=1h",
                        "receiver.alerts.send-flaps=true",
                        "receiver.alerts.link-base-url=https://receiver.example",
                        "receiver.alerts.listed-sites=200",
                        "receiver.alerts.pagerduty.routing-key=abc",
                        "receiver.alerts.pagerduty.url=http://127.0.0.1:9/v2/enqueue")
                .run(context -> {
                    GroupingProperties grouping = context.getBean(GroupingProperties.class);
                    assertThat(grouping.grouping()).isEqualTo(new GroupBy.Label("server"));
                    assertThat(GroupingPolicy.of(grouping, List.of("slack")))
                            .isEqualTo(new GroupingPolicy(
                                    Duration.ofSeconds(10),
                                    Duration.ofMinutes(2),
                                    Duration.ofHours(1),
                                    true,
                                    List.of("slack"),
                                    200));
                    assertThat(grouping.linkBaseUrl()).isEqualTo(URI.create("https://receiver.example"));
                    assertThat(context.getBean(PagerDutyProperties.class).enabled())
                            .isTrue();
                });
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            group-by        | server                 | group-by must be host, domain, none or label:<key>
            group-by        | label:                 | group-by must be host, domain, none or label:<key>
            group-wait      | -1s                    | group-wait must not be negative
            group-interval  | 0s                     | group-interval and repeat-interval must be positive
            repeat-interval | 1m                     | repeat-interval at least group-interval
            link-base-url   | /relative              | link-base-url must be an absolute http(s) URL
            link-base-url   | ftp://receiver.example | link-base-url must be an absolute http(s) URL
            listed-sites    | 0                      | must be greater than or equal to 1
            """)
    void refusesToStartWithASettingItCannotHonour(String property, String value, String reason) {
        context.withPropertyValues("receiver.alerts." + property + "=" + value)
                .run(context ->
                        assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining(reason));
    }
}
