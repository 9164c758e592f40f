package dev.downtime.receiver.security;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What an admin token may do; each role includes the ones before it. */
public enum Role {
    /** Read windows, notifications and decisions. */
    VIEWER,
    /** Also plan, change, end and delete maintenance windows. */
    EDITOR,
    /** Also manage tokens and read the audit log. */
    ADMIN;

    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    /** Spring Security's name for the role: {@code ROLE_VIEWER}, {@code ROLE_EDITOR}, {@code ROLE_ADMIN}. */
    public String authority() {
        return "ROLE_" + name();
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Role fromWireName(String name) {
        for (Role role : values()) {
            if (role.wireName().equals(name)) {
                return role;
            }
        }
        throw new IllegalArgumentException("role must be one of viewer, editor, admin");
    }
}
