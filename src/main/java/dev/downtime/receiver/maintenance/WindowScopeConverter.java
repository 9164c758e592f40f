package dev.downtime.receiver.maintenance;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores scopes by their wire names, which the table's CHECK constraint lists. */
@Converter
class WindowScopeConverter implements AttributeConverter<WindowScope, String> {

    @Override
    public String convertToDatabaseColumn(WindowScope scope) {
        return scope.wireName();
    }

    @Override
    public WindowScope convertToEntityAttribute(String name) {
        return WindowScope.fromWireName(name);
    }
}
