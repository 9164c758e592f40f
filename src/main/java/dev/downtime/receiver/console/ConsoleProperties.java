package dev.downtime.receiver.console;

import dev.downtime.receiver.security.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param idleTimeout a console session left unused this long is signed out
 * @param oidc signing in with the company login, when an OpenID Connect client is registered
 */
@Validated
@ConfigurationProperties("receiver.console")
record ConsoleProperties(
        @DefaultValue("30m") @NotNull @DurationMin(minutes = 1)
        Duration idleTimeout,

        @DefaultValue @Valid Oidc oidc) {

    /**
     * @param groupsClaim the ID token or user-info claim listing the person's groups
     * @param nameClaim the claim recorded as who made a change
     * @param roles the role each group gives; a person gets the highest of their groups', and one in
     *     no listed group is refused
     */
    record Oidc(
            @DefaultValue("groups") @NotBlank String groupsClaim,
            @DefaultValue("preferred_username") @NotBlank String nameClaim,
            @DefaultValue Map<String, Role> roles) {}
}
