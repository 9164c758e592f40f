package dev.downtime.receiver.security;

import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Tells who holds an admin token, for sign-in forms (the console) that are not the admin API's
 * bearer header: the same tokens, the same roles.
 */
@Component
public class TokenSignIn {

    private final AdminTokens tokens;

    TokenSignIn(AdminTokens tokens) {
        this.tokens = tokens;
    }

    /**
     * @throws org.springframework.dao.DataAccessException when stored tokens were never loaded and
     *     cannot be read now
     */
    public Optional<Operator> operatorOf(String token) {
        return tokens.authenticate(token);
    }
}
