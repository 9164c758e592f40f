package dev.downtime.receiver.security;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The operator names of the configured admin tokens ({@code admin} when a token is generated), which
 * no token issued through the API may take: the audit log and {@code createdBy} record only a name.
 */
@Component
public class ConfiguredTokenNames {

    private final Set<String> lowerCaseNames;

    // Kept apart from AdminTokens, which needs the stored tokens: the stored tokens need these names.
    ConfiguredTokenNames(AdminProperties properties) {
        this.lowerCaseNames = AdminTokens.configuredNames(properties).stream()
                .map(ConfiguredTokenNames::key)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** @return whether a configured token has this name, ignoring case and surrounding whitespace */
    public boolean contains(String name) {
        return lowerCaseNames.contains(key(name));
    }

    // Configured names are ASCII (AdminTokens refuses others), so ROOT lower case matches PostgreSQL's lower().
    private static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }
}
