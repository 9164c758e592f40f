package dev.downtime.receiver.security;

import java.io.Serial;
import java.util.Arrays;
import java.util.Collection;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An authenticated {@link Operator}, as Spring Security holds it: principal the operator, authorities
 * its role and every role that role includes ({@code ROLE_ADMIN}, {@code ROLE_EDITOR}, {@code
 * ROLE_VIEWER} for an admin), so that {@code hasRole('VIEWER')} holds for an admin without a role
 * hierarchy. What {@link TokenAuthenticationProvider} returns; a console session may keep it.
 */
public final class OperatorAuthentication extends AbstractAuthenticationToken {

    @Serial
    private static final long serialVersionUID = 1L;

    private final Operator operator;

    public OperatorAuthentication(Operator operator) {
        super(authorities(operator.role()));
        this.operator = operator;
        setAuthenticated(true);
    }

    static Collection<GrantedAuthority> authorities(Role role) {
        return Arrays.stream(Role.values())
                .filter(role::includes)
                .<GrantedAuthority>map(included -> new SimpleGrantedAuthority(included.authority()))
                .toList();
    }

    public Operator operator() {
        return operator;
    }

    @Override
    public Operator getPrincipal() {
        return operator;
    }

    /** Nothing: the token is never kept once it has been checked. */
    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public String getName() {
        return operator.name();
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof OperatorAuthentication that && that.operator.equals(operator);
    }

    @Override
    public int hashCode() {
        return operator.hashCode();
    }

    @Override
    public String toString() {
        return "OperatorAuthentication[" + operator.name() + ", "
                + operator.role().wireName() + "]";
    }
}
