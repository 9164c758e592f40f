package dev.downtime.receiver.console;

import dev.downtime.receiver.security.Operator;
import dev.downtime.receiver.security.Role;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Who a person signed in with the company login (OpenID Connect) is to the console: their name
 * from one claim, their role the highest that their groups (another claim) are given in {@code
 * receiver.console.oidc.roles}. A person in none of those groups is refused at sign-in.
 */
final class CompanyLogin {

    private final ConsoleProperties.Oidc oidc;

    CompanyLogin(ConsoleProperties.Oidc oidc) {
        this.oidc = oidc;
    }

    /** The identity provider's user, refused unless {@link #operatorOf} finds a role for them. */
    OAuth2UserService<OidcUserRequest, OidcUser> userService() {
        OidcUserService delegate = new OidcUserService();
        return request -> {
            OidcUser user = delegate.loadUser(request);
            operatorOf(user);
            return user;
        };
    }

    /** @throws OAuth2AuthenticationException when none of the person's groups is given a role */
    Operator operatorOf(OidcUser user) {
        Role role = roleOf(groupsOf(user.getClaims().get(oidc.groupsClaim())), oidc.roles())
                .orElseThrow(() -> new OAuth2AuthenticationException(new OAuth2Error(
                        "access_denied", "None of this person's groups is given a role in the console.", null)));
        Object name = user.getClaims().get(oidc.nameClaim());
        return new Operator(
                name instanceof String text && !text.isBlank()
                        ? text
                        : Objects.requireNonNull(user.getSubject(), "an ID token has a subject"),
                role);
    }

    static Optional<Role> roleOf(Collection<String> groups, Map<String, Role> roles) {
        return groups.stream().map(roles::get).filter(Objects::nonNull).max(Comparator.naturalOrder());
    }

    /** A list of names, as most providers send it, or one name alone. */
    private static List<String> groupsOf(@Nullable Object claim) {
        if (claim instanceof Collection<?> many) {
            return many.stream().map(String::valueOf).toList();
        }
        return claim instanceof String one ? List.of(one) : List.of();
    }
}
