package dev.downtime.receiver.security;

import java.io.Serial;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * An admin token as presented (an {@code Authorization: Bearer} header, or the console's sign-in
 * form), not yet checked: what {@link TokenAuthenticationProvider} authenticates. Its {@code
 * toString} never shows the token.
 */
public final class BearerToken extends AbstractAuthenticationToken {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String token;

    public BearerToken(String token) {
        super(List.of());
        this.token = token;
    }

    public String token() {
        return token;
    }

    @Override
    public String getCredentials() {
        return token;
    }

    @Override
    public String getPrincipal() {
        return "";
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof BearerToken that && that.token.equals(token);
    }

    @Override
    public int hashCode() {
        return token.hashCode();
    }

    @Override
    public String toString() {
        return "BearerToken[****]";
    }
}
