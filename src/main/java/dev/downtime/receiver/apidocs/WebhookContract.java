package dev.downtime.receiver.apidocs;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/**
 * The webhook's contract, which its controller cannot show: it reads the body itself (Monitor's
 * loose framing, docs/webhook-payload.md) and answers plain text. Only POST is documented; other
 * methods get 405.
 */
final class WebhookContract {

    static final String PATH = "/webhooks/monitor";
    static final String TOKEN_PATH = PATH + "/{token}";

    private WebhookContract() {}

    static Schema<?> notification() {
        var schema = new ObjectSchema()
                .description("A Monitor check, as Monitor posts it. Numbers may come as strings holding a number;"
                        + " unknown fields are ignored; duplicate keys are refused.")
                .addProperty(
                        "url",
                        new StringSchema()
                                .description("The site checked; normalized before matching (max 4096 bytes)."))
                .addProperty(
                        "code",
                        new Schema<>()
                                .types(Set.of("integer", "string"))
                                .description("HTTP status seen, 0 to 999 (0: no answer)."))
                .addProperty(
                        "ts",
                        new Schema<>()
                                .types(Set.of("number", "string"))
                                .description("Unix seconds of the check, understood to the millisecond."))
                .addProperty("host", new StringSchema().description("The host's slug (max 200 bytes)."))
                .addProperty("type", new StringSchema().description("The kind of check, e.g. http (max 64 bytes)."));
        schema.required(List.of("url", "code"));
        return schema;
    }

    static void describe(OpenAPI openApi, JsonMapper json) {
        openApi.getPaths().keySet().removeIf(path -> path.startsWith("/webhooks/"));
        openApi.path(PATH, new PathItem().post(receive("receiveMonitorNotification", false, json)));
        openApi.path(
                TOKEN_PATH,
                new PathItem()
                        .post(receive("receiveMonitorNotificationWithToken", true, json))
                        .parameters(List.of(OpenApiConfiguration.tokenParameter())));
    }

    private static Operation receive(String operationId, boolean withToken, JsonMapper json) {
        Content body = new Content()
                .addMediaType(
                        OpenApiConfiguration.JSON,
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/MonitorNotification")));
        OpenApiConfiguration.example(
                json,
                body,
                "{\"ts\":1385139152,\"url\":\"http://example.com\",\"code\":403,\"host\":\"example\",\"type\":\"http\"}");
        ApiResponses responses = new ApiResponses()
                .addApiResponse(
                        "200",
                        text(
                                "ok, or the UTC instant the site's maintenance ends: Monitor skips the email until then.",
                                Map.of("ok", "ok", "inMaintenance", "2026-03-01T14:00:00Z")))
                .addApiResponse(
                        "400",
                        text(
                                "The notification is refused and not stored.",
                                Map.of("invalid", "invalid notification: code must be a whole number from 0 to 999")))
                .addApiResponse(
                        "404",
                        text(
                                "Refused by the guard (token, address, any other path); nothing recorded.",
                                Map.of("refused", "not found")))
                .addApiResponse("405", text("Only POST (and OPTIONS) are served.", Map.of()))
                .addApiResponse("408", text("The body took longer than receiver.webhook.body-read-timeout.", Map.of()))
                .addApiResponse("413", text("Body over 64 KiB.", Map.of()))
                .addApiResponse(
                        "429",
                        text(
                                "Too many refused requests from this address; see Retry-After.",
                                Map.of("throttled", "too many failed requests")));
        return new Operation()
                .operationId(operationId)
                .tags(List.of("Webhook"))
                .summary(
                        withToken
                                ? "Receive a Monitor notification on the token path (receiver.webhook.tokens set)"
                                : "Receive a Monitor notification (no receiver.webhook.tokens set)")
                .description("Open to Monitor: no bearer token. Stored, then answered from the maintenance windows;"
                        + " see docs/webhook-payload.md and docs/matching.md.")
                .security(List.of())
                .requestBody(OpenApiConfiguration.requestBody(body))
                .responses(responses);
    }

    private static ApiResponse text(String description, Map<String, String> examples) {
        MediaType plain = new MediaType().schema(new StringSchema());
        examples.forEach((name, value) -> plain.addExamples(name, new Example().value(value)));
        return new ApiResponse().description(description).content(new Content().addMediaType("text/plain", plain));
    }
}
