package dev.downtime.receiver.console;

import dev.downtime.receiver.security.SecretTokens;
import dev.downtime.receiver.security.TokenDirectory;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.List;
import org.springframework.dao.DataAccessException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends the console sessions opened with an issued token once that token is revoked: the session
 * keeps the token's SHA-256 digest (never the token), and each console request asks the token
 * directory, in memory, whether it is still active. Configured tokens are not kept: they are only
 * withdrawn by a restart, which ends every session anyway.
 */
final class RevokedTokens extends OncePerRequestFilter {

    private static final String DIGEST = RevokedTokens.class.getName() + ".digest";

    private final List<TokenDirectory> directories;

    RevokedTokens(List<TokenDirectory> directories) {
        this.directories = List.copyOf(directories);
    }

    /** At sign-in: remembers the token in the session if it is an issued one. */
    void signedIn(HttpServletRequest request, String token) {
        byte[] digest = SecretTokens.sha256(token);
        if (issued(digest, false)) {
            request.getSession().setAttribute(DIGEST, digest);
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(DIGEST) instanceof byte[] digest && !issued(digest, true)) {
            session.invalidate();
            SecurityContextHolder.clearContext();
        }
        chain.doFilter(request, response);
    }

    /** @param otherwise the answer while the issued tokens cannot be read (PostgreSQL down since start) */
    private boolean issued(byte[] digest, boolean otherwise) {
        try {
            return directories.stream()
                    .anyMatch(directory -> directory.findByDigest(digest).isPresent());
        } catch (DataAccessException e) {
            return otherwise;
        }
    }
}
