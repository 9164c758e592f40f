package dev.downtime.receiver.admin;

import java.util.Optional;

/** Finds the operator holding a token, by the token's SHA-256 digest; implemented by the stored tokens. */
public interface TokenDirectory {

    /**
     * @throws org.springframework.dao.DataAccessException when the directory cannot be read
     */
    Optional<Operator> findByDigest(byte[] sha256);
}
