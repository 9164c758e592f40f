package dev.downtime.receiver.maintenance;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Locale;

/**
 * What a maintenance window's target names: one URL, a domain (or its subdomains), a whole host, or
 * the inventory sites whose labels match a selector.
 */
public enum WindowScope {
    URL,
    DOMAIN,
    HOST,
    /** The inventory sites whose labels match a selector, at the moment of the decision. */
    SELECTOR;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static WindowScope fromWireName(String name) {
        for (WindowScope scope : values()) {
            if (scope.wireName().equals(name)) {
                return scope;
            }
        }
        throw new IllegalArgumentException("scope must be one of url, domain, host, selector");
    }

    /** Stored by its wire name, as the {@code maintenance_window_scope_known} check expects. */
    @Converter
    static final class Column implements AttributeConverter<WindowScope, String> {

        @Override
        public String convertToDatabaseColumn(WindowScope scope) {
            return scope.wireName();
        }

        @Override
        public WindowScope convertToEntityAttribute(String wireName) {
            return fromWireName(wireName);
        }
    }
}
