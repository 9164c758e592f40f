package dev.downtime.receiver.webhook;

import dev.downtime.receiver.security.SecretTokens;
import java.security.MessageDigest;
import java.util.List;

/** The secret path tokens Monitor calls with, held as SHA-256 digests and compared in constant time. */
final class WebhookTokens {

    /** 128 bits as base64url take 22 characters; anything shorter is too easy to guess. */
    static final int MIN_LENGTH = 22;

    private final List<byte[]> digests;

    WebhookTokens(List<String> tokens) {
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i).strip();
            // Never echo a token: it is a secret.
            if (token.length() < MIN_LENGTH || !token.matches("[A-Za-z0-9._~-]+")) {
                throw new IllegalStateException("receiver.webhook.tokens: token " + (i + 1) + " must be at least "
                        + MIN_LENGTH + " characters of A-Z a-z 0-9 . _ ~ -");
            }
        }
        this.digests =
                tokens.stream().map(String::strip).map(SecretTokens::sha256).toList();
    }

    boolean required() {
        return !digests.isEmpty();
    }

    /** Compares against every token, whatever matched, so that timing tells nothing. */
    boolean matches(String presented) {
        byte[] digest = SecretTokens.sha256(presented);
        boolean matched = false;
        for (byte[] candidate : digests) {
            matched |= MessageDigest.isEqual(candidate, digest);
        }
        return matched;
    }
}
