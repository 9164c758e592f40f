package dev.downtime.receiver.sites;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Labels in their jsonb column: one JSON object of strings, validated again when read. */
@Converter
final class LabelsColumn implements AttributeConverter<Labels, String> {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};

    static String write(Labels labels) {
        return JSON.writeValueAsString(labels.asMap());
    }

    static Labels read(String json) {
        return Labels.of(JSON.readValue(json, MAP));
    }

    @Override
    public String convertToDatabaseColumn(Labels labels) {
        return write(labels);
    }

    @Override
    public Labels convertToEntityAttribute(String json) {
        return read(json);
    }
}
