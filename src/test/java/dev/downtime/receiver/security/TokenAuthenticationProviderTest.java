package dev.downtime.receiver.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

class TokenAuthenticationProviderTest {

    static final String CONFIGURED = "configured-token-0123456789";
    static final String ISSUED = "issued-through-the-api-0123456789";

    static TokenAuthenticationProvider provider(TokenDirectory directory) {
        return new TokenAuthenticationProvider(new AdminTokens(
                new AdminProperties(
                        List.of("ops:" + CONFIGURED),
                        DataSize.ofKilobytes(64),
                        List.of(),
                        20,
                        Duration.ofMinutes(1),
                        Path.of("target/unused-admin-token"),
                        false),
                List.of(directory)));
    }

    /** The issued tokens, as held in memory: one, for alice. */
    final TokenDirectory issued = digest -> Arrays.equals(digest, SecretTokens.sha256(ISSUED))
            ? Optional.of(new Operator("alice", Role.EDITOR))
            : Optional.empty();

    /** Issued tokens never loaded, and PostgreSQL down now. */
    final TokenDirectory unreadable = digest -> {
        throw new DataAccessResourceFailureException("admin tokens not loaded from PostgreSQL yet");
    };

    @Test
    void authenticatesAnOperatorWithItsRoleAndTheRolesItIncludes() {
        OperatorAuthentication alice = provider(issued).authenticate(new BearerToken(ISSUED));

        assertThat(alice.isAuthenticated()).isTrue();
        assertThat(alice.getName()).isEqualTo("alice");
        assertThat(alice.getAuthorities().stream().map(GrantedAuthority::getAuthority))
                .containsExactlyInAnyOrder("ROLE_VIEWER", "ROLE_EDITOR");
        assertThat(provider(issued).authenticate(new BearerToken(CONFIGURED)).operator())
                .isEqualTo(new Operator("ops", Role.ADMIN));
    }

    @Test
    void refusesAnUnknownTokenWithoutShowingIt() {
        assertThatThrownBy(() -> provider(issued).authenticate(new BearerToken("forged-0123456789")))
                .isInstanceOf(BadCredentialsException.class)
                .hasMessageNotContaining("forged");
        assertThat(new BearerToken("forged-0123456789").toString()).doesNotContain("forged");
    }

    /** Configured tokens need no database; an issued one cannot be told from a forged one without it: 503. */
    @Test
    void answers503ForATokenThatCannotBeCheckedWhileTheDatabaseIsDown() throws Exception {
        assertThat(provider(unreadable)
                        .authenticate(new BearerToken(CONFIGURED))
                        .getName())
                .isEqualTo("ops");
        AuthenticationServiceException down = org.junit.jupiter.api.Assertions.assertThrows(
                AuthenticationServiceException.class, () -> provider(unreadable).authenticate(new BearerToken(ISSUED)));

        var problems = new ApiProblems(
                JsonMapper.builder().build(),
                new AdminAuthThrottle(new FailedAuthLimiter(1, Duration.ofMinutes(1)), request -> "192.0.2.1"));
        MockHttpServletResponse response = new MockHttpServletResponse();
        problems.onAuthenticationFailure(new MockHttpServletRequest("GET", "/api/v1/audit"), response, down);

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString()).contains("configured tokens still work");
    }
}
