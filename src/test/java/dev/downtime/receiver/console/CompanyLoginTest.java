package dev.downtime.receiver.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.downtime.receiver.security.Operator;
import dev.downtime.receiver.security.Role;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

class CompanyLoginTest {

    private final CompanyLogin login = new CompanyLogin(new ConsoleProperties.Oidc(
            "groups",
            "preferred_username",
            Map.of("ops-readers", Role.VIEWER, "ops", Role.EDITOR, "ops-leads", Role.ADMIN)));

    @Test
    void givesTheHighestRoleOfThePersonsGroups() {
        assertThat(login.operatorOf(user(Map.of("groups", List.of("staff", "ops-readers", "ops")))))
                .isEqualTo(new Operator("pat", Role.EDITOR));
        assertThat(login.operatorOf(user(Map.of("groups", List.of("ops-leads", "ops-readers")))))
                .isEqualTo(new Operator("pat", Role.ADMIN));
    }

    @Test
    void takesASingleGroupGivenAsText() {
        assertThat(login.operatorOf(user(Map.of("groups", "ops-readers")))).isEqualTo(new Operator("pat", Role.VIEWER));
    }

    @Test
    void refusesAPersonInNoGroupGivenARole() {
        assertThatThrownBy(() -> login.operatorOf(user(Map.of("groups", List.of("staff")))))
                .isInstanceOf(OAuth2AuthenticationException.class);
        assertThatThrownBy(() -> login.operatorOf(user(Map.of()))).isInstanceOf(OAuth2AuthenticationException.class);
    }

    @Test
    void namesThePersonByTheSubjectWhenTheNameClaimIsMissing() {
        OidcUser user = new DefaultOidcUser(
                List.of(),
                OidcIdToken.withTokenValue("t")
                        .subject("subject-42")
                        .claim("groups", List.of("ops"))
                        .issuedAt(Instant.EPOCH)
                        .expiresAt(Instant.EPOCH.plusSeconds(60))
                        .build());

        assertThat(login.operatorOf(user)).isEqualTo(new Operator("subject-42", Role.EDITOR));
    }

    private static OidcUser user(Map<String, Object> claims) {
        var token = OidcIdToken.withTokenValue("t")
                .subject("subject-1")
                .claim("preferred_username", "pat")
                .issuedAt(Instant.EPOCH)
                .expiresAt(Instant.EPOCH.plusSeconds(60));
        claims.forEach(token::claim);
        return new DefaultOidcUser(List.of(), token.build());
    }
}
