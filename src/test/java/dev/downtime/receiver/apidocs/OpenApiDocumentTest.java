package dev.downtime.receiver.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.PostgresIntegrationTest;
import dev.downtime.receiver.security.Operator;
import dev.downtime.receiver.security.OperatorAuthentication;
import dev.downtime.receiver.security.Role;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The OpenAPI document is valid OpenAPI 3.1, documents every endpoint the application maps (a new
 * one without a summary and examples fails here), and is read only with a viewer token or a console
 * session.
 */
class OpenApiDocumentTest extends PostgresIntegrationTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    String document() throws Exception {
        MvcTestResult result =
                mvc.get().uri("/v3/api-docs").header("Authorization", bearer()).exchange();
        assertThat(result).hasStatusOk();
        String json = body(result);
        // Kept for review, next to the build's other outputs.
        Files.writeString(Path.of("target/openapi.json"), json);
        return json;
    }

    OpenAPI parsed() throws Exception {
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(document());
        assertThat(result.getMessages()).isEmpty();
        return result.getOpenAPI();
    }

    @Test
    void isValidOpenApi31WithTheBearerSchemeAndTheProblemSchema() throws Exception {
        OpenAPI api = parsed();

        assertThat(api.getOpenapi()).startsWith("3.1.");
        assertThat(api.getComponents().getSecuritySchemes().get("bearer").getScheme())
                .isEqualTo("bearer");
        assertThat(api.getComponents().getSchemas().get("Problem").getProperties())
                .containsKeys("title", "status", "detail", "instance", "errors");
    }

    /** Every handler of ours under /api or /webhooks: in the document, with a summary, examples, errors. */
    @Test
    void documentsEveryEndpointTheApplicationMaps() throws Exception {
        OpenAPI api = parsed();
        Set<String> mapped = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            if (!handler.getBeanType().getName().startsWith("dev.downtime.receiver.")) {
                return;
            }
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (pattern.startsWith("/api/")) {
                    methods.forEach(method -> mapped.add(method + " " + pattern));
                } else if (pattern.startsWith("/webhooks/") && methods.contains(RequestMethod.POST)) {
                    mapped.add("POST " + pattern);
                }
            }
        });
        assertThat(mapped).contains("POST /webhooks/monitor", "POST /api/v1/maintenance-windows");

        List<String> problems = new ArrayList<>();
        for (String endpoint : mapped) {
            String[] parts = endpoint.split(" ", 2);
            // A catch-all variable ({*url}: the rest of the path) is listed as a path parameter ({url}).
            PathItem item = api.getPaths().get(parts[1].replaceAll("\\{\\*(\\w+)}", "{$1}"));
            Operation operation =
                    item == null ? null : item.readOperationsMap().get(PathItem.HttpMethod.valueOf(parts[0]));
            if (operation == null) {
                problems.add(endpoint + ": not in the document");
                continue;
            }
            problems.addAll(undocumented(endpoint, operation, api));
        }
        assertThat(problems).isEmpty();
        assertThat(api.getPaths()).containsKey("/webhooks/monitor/{token}");
    }

    static List<String> undocumented(String endpoint, Operation operation, OpenAPI api) {
        List<String> problems = new ArrayList<>();
        if (operation.getSummary() == null || operation.getOperationId() == null) {
            problems.add(endpoint + ": no summary or operationId (ApiOperations)");
        }
        if (operation.getRequestBody() != null) {
            problems.addAll(examplesFit(
                    endpoint + " request", operation.getRequestBody().getContent(), api));
        }
        boolean success = false;
        for (Map.Entry<String, ApiResponse> response : operation.getResponses().entrySet()) {
            if (response.getKey().startsWith("2")) {
                success = true;
                if (!response.getKey().equals("204")) {
                    problems.addAll(examplesFit(
                            endpoint + " " + response.getKey(),
                            response.getValue().getContent(),
                            api));
                }
            }
        }
        if (!success) {
            problems.add(endpoint + ": no success response");
        }
        if (endpoint.contains(" /api/")) {
            if (operation.getSecurity() == null || operation.getSecurity().isEmpty()) {
                problems.add(endpoint + ": no bearer security requirement (does it declare @RequiresRole?)");
            }
            for (String status : List.of("401", "403")) {
                ApiResponse error = operation.getResponses().get(status);
                if (error == null || error.getContent().get("application/problem+json") == null) {
                    problems.add(endpoint + ": no " + status + " problem response");
                }
            }
        }
        return problems;
    }

    /** Each JSON body has an example, and every field of the example is one the schema has. */
    static List<String> examplesFit(String where, @Nullable Content content, OpenAPI api) {
        if (content == null || content.isEmpty()) {
            return List.of(where + ": no content");
        }
        List<String> problems = new ArrayList<>();
        content.forEach((type, media) -> {
            if (type.contains("json")) {
                if (media.getExample() == null) {
                    problems.add(where + ": no example");
                } else {
                    problems.addAll(fits(where, media.getExample(), media.getSchema(), api));
                }
            }
        });
        return problems;
    }

    static List<String> fits(String where, @Nullable Object example, @Nullable Schema<?> schema, OpenAPI api) {
        if (schema == null || example == null) {
            return List.of();
        }
        Schema<?> resolved = resolve(schema, api);
        List<String> problems = new ArrayList<>();
        if (example instanceof Map<?, ?> object && resolved.getProperties() != null) {
            object.forEach((key, value) -> {
                Schema<?> property = resolved.getProperties().get(String.valueOf(key));
                if (property == null) {
                    problems.add(where + ": example field '" + key + "' is not in " + resolved.getName());
                } else {
                    problems.addAll(fits(where + "." + key, value, property, api));
                }
            });
        } else if (example instanceof List<?> list && resolved.getItems() != null) {
            list.forEach(element -> problems.addAll(fits(where + "[]", element, resolved.getItems(), api)));
        }
        return problems;
    }

    static Schema<?> resolve(Schema<?> schema, OpenAPI api) {
        if (schema.get$ref() == null) {
            return schema;
        }
        String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
        Schema<?> found = api.getComponents().getSchemas().get(name);
        found.setName(name);
        return found;
    }

    @Test
    void refusesAnonymousCallersWith401AndNeverRedirects() {
        for (String path : List.of("/v3/api-docs", "/swagger-ui/index.html", "/swagger-ui.html", "/api/v1/audit")) {
            assertThat(mvc.get().uri(path))
                    .as(path)
                    .hasStatus(HttpStatus.UNAUTHORIZED)
                    .hasContentType("application/problem+json")
                    .doesNotContainHeader("Location");
        }
    }

    @Test
    void servesTheDocumentAndSwaggerUiToAViewer() {
        String viewer = issuedViewerToken();

        assertThat(mvc.get().uri("/v3/api-docs").header("Authorization", "Bearer " + viewer))
                .hasStatusOk();
        assertThat(mvc.get().uri("/swagger-ui/index.html").header("Authorization", "Bearer " + viewer))
                .hasStatusOk()
                .bodyText()
                .doesNotContain("https://");
    }

    /** The console's session opens the documentation, and only it: the API still needs a token. */
    @Test
    void servesTheDocumentToAConsoleSession() {
        MockHttpSession session = new MockHttpSession();
        session.setAttribute(
                HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
                new SecurityContextImpl(new OperatorAuthentication(new Operator("alice", Role.VIEWER))));

        assertThat(mvc.get().uri("/v3/api-docs").session(session)).hasStatusOk();
        assertThat(mvc.get().uri("/api/v1/maintenance-windows").session(session))
                .hasStatus(HttpStatus.UNAUTHORIZED);
    }

    String issuedViewerToken() {
        MvcTestResult issued = mvc.post()
                .uri("/api/v1/tokens")
                .header("Authorization", bearer())
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .content("{\"name\":\"reader\",\"role\":\"viewer\"}")
                .exchange();
        assertThat(issued).hasStatus(HttpStatus.CREATED);
        return com.jayway.jsonpath.JsonPath.read(body(issued), "$.token");
    }
}
