package dev.downtime.receiver.admin;

import org.springframework.boot.jackson.autoconfigure.JsonFactoryBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;

/** Admin request bodies are small JSON objects: anything deep, huge or ambiguous is refused while parsing. */
@Configuration(proxyBeanMethods = false)
class JsonLimitsConfiguration {

    @Bean
    JsonFactoryBuilderCustomizer jsonLimits() {
        return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(32)
                        .maxNumberLength(64)
                        .maxStringLength(64 * 1024)
                        .maxNameLength(256)
                        .build());
    }
}
