package dev.downtime.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml read as docker compose and as podman-compose 1.0.3 read it: both refuse to start
 * without a decision on the webhook token or without a database password, and both hand the
 * receiver only values it can bind, whatever optional setting is left unset.
 */
class DockerComposeTest {

    /** How each implementation replaces {@code $...} in the file's values, given the environment and .env. */
    enum Compose {
        /**
         * podman-compose 1.0.3 ({@code podman_compose.py}, {@code var_re} and {@code rec_subs}): a
         * default or message must not be empty, or the expression is left as it is; an empty value
         * counts as set.
         */
        PODMAN_COMPOSE_1_0_3(
                Pattern.compile(
                        "\\$(?:(?<escaped>\\$)|(?<named>[_a-zA-Z][_a-zA-Z0-9]*)|(?:\\{(?<braced>[_a-zA-Z][_a-zA-Z0-9]*)"
                                + "(?:(?::?-(?<default>[^}]+))|(?::?\\?(?<err>[^}]+)))?\\}))"),
                (match, environment) -> {
                    if (match.group("escaped") != null) {
                        return "$";
                    }
                    String name = match.group("named") != null ? match.group("named") : match.group("braced");
                    String value = environment.get(name);
                    if (value != null) {
                        return value;
                    }
                    if (match.group("err") != null) {
                        throw new IllegalStateException(match.group("err"));
                    }
                    return match.group("default") != null ? match.group("default") : "";
                }),
        /** The Compose specification: {@code :-} and {@code :?} also take an empty value as unset. */
        DOCKER_COMPOSE(
                Pattern.compile(
                        "\\$(?:(?<escaped>\\$)|(?<named>[_a-zA-Z][_a-zA-Z0-9]*)|\\{(?<braced>[_a-zA-Z][_a-zA-Z0-9]*)"
                                + "(?:(?<colon>:?)(?<op>[-?])(?<word>[^}]*))?\\})"),
                (match, environment) -> {
                    if (match.group("escaped") != null) {
                        return "$";
                    }
                    String name = match.group("named") != null ? match.group("named") : match.group("braced");
                    String value = environment.get(name);
                    boolean missing = value == null || (":".equals(match.group("colon")) && value.isEmpty());
                    if ("?".equals(match.group("op")) && missing) {
                        throw new IllegalStateException(
                                "required variable " + name + " is missing a value: " + match.group("word"));
                    }
                    if ("-".equals(match.group("op")) && missing) {
                        return match.group("word");
                    }
                    return value != null ? value : "";
                });

        private final Pattern expression;
        private final BiFunction<MatchResult, Map<String, String>, String> replacement;

        Compose(Pattern expression, BiFunction<MatchResult, Map<String, String>, String> replacement) {
            this.expression = expression;
            this.replacement = replacement;
        }

        @Nullable
        Object interpolate(@Nullable Object value, Map<String, String> environment) {
            return switch (value) {
                case null -> null;
                case String text ->
                    expression
                            .matcher(text)
                            .replaceAll(match -> Matcher.quoteReplacement(replacement.apply(match, environment)));
                case Map<?, ?> map -> {
                    Map<Object, Object> result = new LinkedHashMap<>();
                    map.forEach((key, item) -> result.put(key, interpolate(item, environment)));
                    yield result;
                }
                case List<?> list ->
                    list.stream().map(item -> interpolate(item, environment)).toList();
                default -> value;
            };
        }

        /** What the receiver's container gets: what .env sets, then its own environment entries. */
        @SuppressWarnings("unchecked")
        Map<String, String> receiverEnvironment(Map<String, String> dotEnv) throws IOException {
            Map<String, Object> compose = (Map<String, Object>) interpolate(file(), dotEnv);
            Map<String, Object> receiver =
                    (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get("receiver");
            assertThat(receiver.get("env_file")).isEqualTo(".env");
            Map<String, String> environment = new HashMap<>(dotEnv);
            ((Map<String, Object>) receiver.get("environment"))
                    .forEach((key, value) -> environment.put(key, String.valueOf(value)));
            return environment;
        }
    }

    static Object file() throws IOException {
        return new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
    }

    /** The .env of the README, as a partner writes it. */
    static Map<String, String> readmeDotEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("POSTGRES_PASSWORD", "0123456789abcdef0123456789abcdef");
        env.put("RECEIVER_ADMIN_TOKENS", "ops:0123456789abcdef0123456789abcdef0123456789abcdef");
        env.put("RECEIVER_WEBHOOK_TOKENS", "k7PqR2vX9mLw4TzY8nB3cDq1");
        return env;
    }

    static List<String> bindList(Map<String, String> environment, String property) {
        Binder binder = new Binder(ConfigurationPropertySources.from(
                new SystemEnvironmentPropertySource("container", new HashMap<>(environment))));
        return binder.bind(property, Bindable.listOf(String.class)).orElse(List.of());
    }

    @ParameterizedTest
    @EnumSource(Compose.class)
    void leavesNoVariableUninterpolatedAndPassesOnlyWhatIsSet(Compose compose) throws IOException {
        Object interpolated = compose.interpolate(file(), readmeDotEnv());

        assertThat(new Yaml().dump(interpolated)).doesNotContain("${").doesNotContain("$");
        Map<String, String> receiver = compose.receiverEnvironment(readmeDotEnv());
        assertThat(receiver)
                .doesNotContainKeys(
                        "RECEIVER_WEBHOOK_TRUSTED_PROXIES",
                        "RECEIVER_WEBHOOK_ALLOWED_ADDRESSES",
                        "RECEIVER_WEBHOOK_ALLOW_OPEN")
                .containsEntry("SPRING_DATASOURCE_PASSWORD", "0123456789abcdef0123456789abcdef")
                .containsEntry("RECEIVER_WEBHOOK_TOKENS", "k7PqR2vX9mLw4TzY8nB3cDq1");
        assertThat(bindList(receiver, "receiver.webhook.tokens")).containsExactly("k7PqR2vX9mLw4TzY8nB3cDq1");
        assertThat(bindList(receiver, "receiver.webhook.trusted-proxies")).isEmpty();
        assertThat(bindList(receiver, "receiver.admin.tokens"))
                .containsExactly("ops:0123456789abcdef0123456789abcdef0123456789abcdef");
    }

    @ParameterizedTest
    @EnumSource(Compose.class)
    void passesOptionalSettingsSetInDotEnv(Compose compose) throws IOException {
        Map<String, String> dotEnv = readmeDotEnv();
        dotEnv.put("RECEIVER_WEBHOOK_TRUSTED_PROXIES", "192.0.2.10/32");
        dotEnv.put("RECEIVER_ALERTS_SLACK_URL", "https://hooks.slack.example/x");
        dotEnv.put("RECEIVER_PUBLISHED_PORT", "18080");

        Map<String, String> receiver = compose.receiverEnvironment(dotEnv);

        assertThat(bindList(receiver, "receiver.webhook.trusted-proxies")).containsExactly("192.0.2.10/32");
        assertThat(receiver).containsEntry("RECEIVER_ALERTS_SLACK_URL", "https://hooks.slack.example/x");
        assertThat(new Yaml().dump(compose.interpolate(file(), dotEnv))).contains("18080:8080");
    }

    @ParameterizedTest
    @EnumSource(Compose.class)
    void refusesToStartWithoutADecisionOnTheWebhookToken(Compose compose) {
        Map<String, String> dotEnv = readmeDotEnv();
        dotEnv.remove("RECEIVER_WEBHOOK_TOKENS");

        assertThatThrownBy(() -> compose.interpolate(file(), dotEnv))
                .hasMessageContaining("set RECEIVER_WEBHOOK_TOKENS in .env to a secret path token")
                .hasMessageContaining("RECEIVER_WEBHOOK_ALLOWED_ADDRESSES");
    }

    /** Explicitly none, for an allowlist instead: compose passes it, the receiver then insists on the allowlist. */
    @ParameterizedTest
    @EnumSource(Compose.class)
    void takesAnEmptyTokenForAnAllowlistInstead(Compose compose) throws IOException {
        Map<String, String> dotEnv = readmeDotEnv();
        dotEnv.put("RECEIVER_WEBHOOK_TOKENS", "");
        dotEnv.put("RECEIVER_WEBHOOK_ALLOWED_ADDRESSES", "192.0.2.0/24");

        Map<String, String> receiver = compose.receiverEnvironment(dotEnv);

        assertThat(bindList(receiver, "receiver.webhook.tokens")).isEmpty();
        assertThat(bindList(receiver, "receiver.webhook.allowed-addresses")).containsExactly("192.0.2.0/24");
    }

    @ParameterizedTest
    @EnumSource(Compose.class)
    void refusesToStartWithoutADatabasePassword(Compose compose) {
        Map<String, String> dotEnv = readmeDotEnv();
        dotEnv.remove("POSTGRES_PASSWORD");

        assertThatThrownBy(() -> compose.interpolate(file(), dotEnv)).hasMessageContaining("set POSTGRES_PASSWORD");
    }
}
