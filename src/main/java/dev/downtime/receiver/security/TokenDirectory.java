package dev.downtime.receiver.security;

import java.util.Optional;

/**
 * Finds the operator holding a token, by the token's SHA-256 digest, without a database round trip
 * once loaded; implemented by the tokens issued through the API.
 */
public interface TokenDirectory {

    /**
     * @throws org.springframework.dao.DataAccessException when the directory was never loaded and
     *     cannot be read now
     */
    Optional<Operator> findByDigest(byte[] sha256);
}
