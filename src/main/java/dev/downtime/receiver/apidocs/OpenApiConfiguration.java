package dev.downtime.receiver.apidocs;

import dev.downtime.receiver.security.HandlerRoles;
import dev.downtime.receiver.security.Operator;
import dev.downtime.receiver.security.Role;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The OpenAPI document: what springdoc reads from the code, completed from {@link ApiOperations}. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String BEARER = "bearer";
    static final String PROBLEM = "Problem";
    static final String ROLE_EXTENSION = "x-required-role";
    static final String PROBLEM_JSON = "application/problem+json";
    static final String JSON = "application/json";

    /** Errors any admin request may get, whatever it does. */
    static final List<Integer> COMMON_ERRORS = List.of(401, 403, 429, 503);

    static {
        // The caller, from the security context: not a request parameter.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Operator.class);
        // Audit values are whatever JSON the change held.
        SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class, new Schema<>().description("Any JSON value."));
    }

    @Bean
    OpenAPI receiverOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("downtime-receiver")
                        .version("v1")
                        .description("The admin API under /api/v1 (maintenance windows, site inventory, notifications,"
                                + " decisions, promises, incidents, tokens, audit), and the webhook Jetpack Monitor posts to. Admin"
                                + " requests need 'Authorization: Bearer <token>'; each operation says the role it"
                                + " needs (viewer < editor < admin). Errors are RFC 9457 problem details."))
                .components(new Components()
                        .addSecuritySchemes(
                                BEARER,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("A configured admin token (receiver.admin.tokens, role admin)"
                                                + " or one issued through POST /api/v1/tokens.")));
    }

    /** The role each operation needs, read from its handler's {@code @RequiresRole} as method security reads it. */
    @Bean
    OperationCustomizer requiredRoles() {
        return (operation, handler) -> {
            Role role = HandlerRoles.required(handler);
            if (role != null) {
                operation.addExtension(ROLE_EXTENSION, role.wireName());
            }
            return operation;
        };
    }

    @Bean
    OpenApiCustomizer documentedOperations(JsonMapper json) {
        return openApi -> {
            // Here rather than on the bean: springdoc drops component schemas nothing refers to yet.
            openApi.getComponents()
                    .addSchemas("FieldViolation", fieldViolation())
                    .addSchemas(PROBLEM, problem())
                    .addSchemas("MonitorNotification", WebhookContract.notification());
            changeSchemas(openApi);
            sites(openApi);
            openApi.getPaths().forEach((path, item) -> {
                if (!path.startsWith("/webhooks/")) {
                    item.readOperationsMap().forEach((method, operation) -> document(json, path, method, operation));
                }
            });
            WebhookContract.describe(openApi, json);
        };
    }

    private static void document(JsonMapper json, String path, PathItem.HttpMethod method, Operation operation) {
        ApiOperations.Doc doc = ApiOperations.DOCS.get(method + " " + path);
        Object role =
                operation.getExtensions() != null ? operation.getExtensions().get(ROLE_EXTENSION) : null;
        if (role != null) {
            operation.description("Needs the '" + role + "' role (or one that includes it).");
            operation.addSecurityItem(new SecurityRequirement().addList(BEARER));
        }
        if (doc == null) {
            return; // undocumented: OpenApiDocumentTest names it
        }
        operation.operationId(doc.operationId()).tags(List.of(doc.tag())).summary(doc.summary());
        if (doc.requestExample() != null && operation.getRequestBody() != null) {
            example(json, operation.getRequestBody().getContent(), doc.requestExample());
        }
        ApiResponses responses = operation.getResponses();
        ApiResponse success = responses.remove("200");
        if (success == null) {
            success = new ApiResponse();
        }
        success.description(HttpStatus.valueOf(doc.status()).getReasonPhrase());
        if (doc.status() == 204) {
            success.content(null);
        } else if (doc.responseExample() != null && success.getContent() != null) {
            example(json, success.getContent(), doc.responseExample());
        }
        ApiResponses ordered = new ApiResponses();
        ordered.addApiResponse(String.valueOf(doc.status()), success);
        Set<Integer> errors = new TreeSet<>(COMMON_ERRORS);
        errors.addAll(doc.errors());
        for (int status : errors) {
            ordered.addApiResponse(String.valueOf(status), problemResponse(status));
        }
        operation.responses(ordered);
    }

    /** Sets the example of each JSON media type of the content (a CSV one has its own). */
    static void example(JsonMapper json, Content content, String example) {
        Object value = json.readValue(example, Object.class);
        content.forEach((type, media) -> {
            if (type.contains("json")) {
                media.example(value);
            }
        });
    }

    static final String SITES = "/api/v1/sites";
    static final String CSV = "text/csv";

    private static final String SITES_CSV = "url,host,env,team\r\nhttps://blog.example.com/,web-1,prod,content\r\n"
            + "https://shop.example.com/,web-3,prod,payments\r\n";

    /**
     * The site inventory: its upload reads the body itself (JSON or CSV), so springdoc sees none; its
     * export answers CSV too; a site is named by the rest of the path ({@code /{*url}}, listed by
     * springdoc as {@code /{url}}).
     */
    private static void sites(OpenAPI openApi) {
        PathItem collection = openApi.getPaths().get(SITES);
        if (collection != null && collection.getPut() != null) {
            collection
                    .getPut()
                    .requestBody(requestBody(new Content()
                            .addMediaType(
                                    JSON,
                                    new MediaType()
                                            .schema(new ArraySchema()
                                                    .items(new Schema<>().$ref("#/components/schemas/SiteView"))))
                            .addMediaType(
                                    CSV,
                                    new MediaType()
                                            .schema(new StringSchema()
                                                    .description("RFC 4180; the header is url, host, then one"
                                                            + " column per label key (an empty cell: no such label)."))
                                            .example(SITES_CSV))));
        }
        PathItem export = openApi.getPaths().get(SITES + "/export");
        if (export != null && export.getGet() != null) {
            ApiResponse ok = export.getGet().getResponses().get("200");
            if (ok != null && ok.getContent() != null && ok.getContent().get(CSV) != null) {
                ok.getContent().get(CSV).schema(new StringSchema()).example(SITES_CSV);
            }
        }
        PathItem site = openApi.getPaths().get(SITES + "/{url}");
        if (site != null) {
            site.readOperations().forEach(operation -> {
                if (operation.getParameters() != null) {
                    operation.getParameters().stream()
                            .filter(parameter -> "url".equals(parameter.getName()))
                            .forEach(parameter -> parameter.description("The site's full URL, as is"
                                    + " (/api/v1/sites/https://shop.example.com/); a ? or # in it percent-encoded."));
                }
            });
        }
    }

    /**
     * An upload's and an import's changes are both records named {@code Change}, which springdoc
     * would document as one schema: each gets its own.
     */
    private static void changeSchemas(OpenAPI openApi) {
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        if (schemas == null) {
            return;
        }
        boolean split = changeOf(schemas, "UploadResponse", "SiteChange", "SiteView");
        split |= changeOf(schemas, "ImportResponse", "WindowChange", "ImportedWindow");
        if (split) {
            schemas.remove("Change");
        }
    }

    private static boolean changeOf(Map<String, Schema> schemas, String owner, String name, String item) {
        Schema<?> response = schemas.get(owner);
        Schema<?> changed = response == null || response.getProperties() == null
                ? null
                : response.getProperties().get("changed");
        if (changed == null || changed.getItems() == null) {
            return false;
        }
        schemas.put(
                name,
                new ObjectSchema()
                        .addProperty("before", new Schema<>().$ref("#/components/schemas/" + item))
                        .addProperty("after", new Schema<>().$ref("#/components/schemas/" + item)));
        changed.getItems().$ref("#/components/schemas/" + name);
        return true;
    }

    private static ApiResponse problemResponse(int status) {
        return new ApiResponse()
                .description(ERROR_MEANINGS.get(status))
                .content(new Content()
                        .addMediaType(
                                PROBLEM_JSON,
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
    }

    private static final Map<Integer, String> ERROR_MEANINGS = Map.of(
            400, "Invalid request: the fields at fault are listed under errors.",
            401, "No valid bearer token.",
            403, "The token lacks the role this operation needs.",
            404, "Not found.",
            409, "A conflict with the current state (changed meanwhile, not allowed in this state, name taken).",
            413,
                    "Request body over its limit: receiver.admin.max-body-size (64 KiB), or the endpoint's own"
                            + " (receiver.sites.max-upload-size for site uploads, receiver.maintenance.max-bulk-size"
                            + " for bulk changes and imports of windows).",
            429, "Too many failed authentications from this address; see Retry-After.",
            503, "The database is unavailable, or issued tokens cannot be checked yet; try again later.");

    private static Schema<?> fieldViolation() {
        return new ObjectSchema()
                .addProperty("field", new StringSchema().description("The field, query parameter or path variable."))
                .addProperty("message", new StringSchema().description("What is wrong with it."))
                .required(List.of("field", "message"));
    }

    /** RFC 9457, as ProblemDetail writes it, with the invalid fields of a 400. */
    private static Schema<?> problem() {
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("type", new StringSchema().format("uri").description("about:blank unless said otherwise"));
        properties.put("title", new StringSchema());
        properties.put("status", new IntegerSchema());
        properties.put("detail", new StringSchema());
        properties.put("instance", new StringSchema().format("uri-reference"));
        properties.put(
                "errors",
                new ArraySchema()
                        .items(new Schema<>().$ref("#/components/schemas/FieldViolation"))
                        .description("On 400: each invalid field with its reason."));
        var schema = new ObjectSchema().description("An RFC 9457 problem detail (application/problem+json).");
        schema.setProperties(properties);
        schema.setExample(Map.of(
                "title", "Invalid request",
                "status", 400,
                "detail", "endsAt must be in the future",
                "instance", "/api/v1/maintenance-windows",
                "errors", List.of(Map.of("field", "endsAt", "message", "must be in the future"))));
        return schema;
    }

    /** Names the path variable of a webhook path that carries a token. */
    static Parameter tokenParameter() {
        return new Parameter()
                .name("token")
                .in("path")
                .required(true)
                .description("One of receiver.webhook.tokens, when set (then /webhooks/monitor answers 404).")
                .schema(new StringSchema());
    }

    static RequestBody requestBody(Content content) {
        return new RequestBody().required(true).content(content);
    }
}
