package dev.downtime.receiver.maintenance;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a maintenance window's target names: one URL, a domain (or its subdomains), or a whole host. */
public enum WindowScope {
    URL,
    DOMAIN,
    HOST;

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
        throw new IllegalArgumentException("scope must be one of url, domain, host");
    }
}
