package dev.downtime.receiver.security;

import org.springframework.dao.DataAccessException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Turns a {@link BearerToken} into an {@link OperatorAuthentication}: configured tokens first, then
 * those issued through the API, all in memory. The one way in, for the admin API's bearer header
 * and for the console's sign-in alike.
 *
 * <p>Throws {@link BadCredentialsException} for an unknown token and {@link
 * AuthenticationServiceException} when the issued tokens were never loaded and PostgreSQL cannot be
 * read now (configured tokens still work then).
 */
@Component
public class TokenAuthenticationProvider implements AuthenticationProvider {

    private final AdminTokens tokens;

    TokenAuthenticationProvider(AdminTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public OperatorAuthentication authenticate(Authentication authentication) {
        String presented = ((BearerToken) authentication).token();
        try {
            return tokens.authenticate(presented)
                    .map(OperatorAuthentication::new)
                    .orElseThrow(() -> new BadCredentialsException("The bearer token is not valid."));
        } catch (DataAccessException e) {
            throw new AuthenticationServiceException(
                    "Tokens created through the API cannot be checked while the database is unavailable;"
                            + " configured tokens still work.",
                    e);
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return BearerToken.class.isAssignableFrom(authentication);
    }
}
