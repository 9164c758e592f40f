package dev.downtime.receiver.web;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonFactoryBuilder;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * How the service reads admin request bodies: small JSON objects, so anything deep, huge or
 * ambiguous (a duplicate key) is refused while parsing. Applied to the application's {@link
 * JsonMapper}; {@link #requestMapper()} builds the same reading rules for tests and fuzzing.
 */
public final class JsonLimits {

    public static final int MAX_NESTING_DEPTH = 32;
    public static final int MAX_NUMBER_LENGTH = 64;
    public static final int MAX_STRING_LENGTH = 64 * 1024;
    public static final int MAX_NAME_LENGTH = 256;

    private JsonLimits() {}

    public static StreamReadConstraints constraints() {
        return StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxStringLength(MAX_STRING_LENGTH)
                .maxNameLength(MAX_NAME_LENGTH)
                .build();
    }

    static void apply(JsonFactoryBuilder builder) {
        builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).streamReadConstraints(constraints());
    }

    /**
     * A mapper that reads request bodies as the application's does: these limits, and unknown
     * fields refused ({@code spring.jackson.deserialization.fail-on-unknown-properties=true}).
     */
    public static JsonMapper requestMapper() {
        JsonFactoryBuilder factory = JsonFactory.builder();
        apply(factory);
        return JsonMapper.builder(factory.build())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }
}
