package dev.downtime.receiver.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The bearer tokens that open the admin API: those configured ({@code receiver.admin.tokens}, role
 * admin), held only as SHA-256 digests, then those created through the API, whose digests the
 * {@link TokenDirectory} holds in memory too.
 */
@Component
class AdminTokens {

    static final int MIN_TOKEN_LENGTH = 16;

    private static final Logger log = LoggerFactory.getLogger(AdminTokens.class);
    private static final String GENERATED_NAME = "admin";

    private final List<NamedDigest> digests;
    private final List<TokenDirectory> directories;

    AdminTokens(AdminProperties properties, List<TokenDirectory> directories) {
        this.directories = List.copyOf(directories);
        List<NamedDigest> configured = parse(properties.tokens());
        if (configured.isEmpty()) {
            String token = SecretTokens.generate();
            configured = List.of(new NamedDigest(GENERATED_NAME, SecretTokens.sha256(token)));
            Path file = properties.generatedTokenFile().toAbsolutePath();
            write(file, token);
            // Never the token itself in a production log: log shippers keep lines for good.
            log.warn(
                    "No admin token configured (receiver.admin.tokens / RECEIVER_ADMIN_TOKENS); generated one for"
                            + " this run (operator name '{}') and wrote it to {}, readable by this user only.",
                    GENERATED_NAME,
                    file);
            if (properties.logGeneratedToken()) {
                log.warn(
                        "Development run (receiver.admin.log-generated-token=true): use it as"
                                + " 'Authorization: Bearer {}'.",
                        token);
            }
        }
        this.digests = configured;
    }

    /**
     * Replaces the file at once (a reader never sees half a token), created with owner-only
     * permissions before the token is in it.
     */
    private static void write(Path file, String token) {
        try {
            Path directory = file.getParent();
            Files.createDirectories(directory);
            Path temporary;
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                temporary = Files.createTempFile(
                        directory,
                        ".admin-token-",
                        ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                temporary = Files.createTempFile(directory, ".admin-token-", ".tmp");
            }
            try {
                Files.writeString(temporary, token + "\n", StandardCharsets.US_ASCII);
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new RefusedConfigurationException(
                    "No admin token is configured, and the one generated could not be written to " + file + ": "
                            + e.getMessage(),
                    "Set RECEIVER_ADMIN_TOKENS (name:token pairs), or make receiver.admin.generated-token-file"
                            + " writable for this user.");
        }
    }

    /**
     * @return who holds the token: a configured one, else one stored through the API
     * @throws org.springframework.dao.DataAccessException when stored tokens cannot be read
     */
    Optional<Operator> authenticate(String presented) {
        Optional<Operator> configured = configured(presented);
        return configured.isPresent() ? configured : stored(presented);
    }

    /**
     * @return the operator of a configured token, found without touching the database. Every
     *     configured token is compared in constant time, so neither a match nor its position leaks
     *     through timing.
     */
    Optional<Operator> configured(String presented) {
        byte[] digest = SecretTokens.sha256(presented);
        String found = null;
        for (NamedDigest candidate : digests) {
            if (MessageDigest.isEqual(candidate.digest(), digest) && found == null) {
                found = candidate.name();
            }
        }
        return found != null ? Optional.of(new Operator(found, Role.ADMIN)) : Optional.empty();
    }

    /**
     * @return the operator of a token created through the API, found by its digest in memory
     * @throws org.springframework.dao.DataAccessException when stored tokens were never loaded and
     *     cannot be read now
     */
    Optional<Operator> stored(String presented) {
        byte[] digest = SecretTokens.sha256(presented);
        for (TokenDirectory directory : directories) {
            Optional<Operator> stored = directory.findByDigest(digest);
            if (stored.isPresent()) {
                return stored;
            }
        }
        return Optional.empty();
    }

    /** @return the operator names of the configured tokens, or of the generated one when none is configured */
    static List<String> configuredNames(AdminProperties properties) {
        List<NamedDigest> configured = parse(properties.tokens());
        return configured.isEmpty()
                ? List.of(GENERATED_NAME)
                : configured.stream().map(NamedDigest::name).toList();
    }

    private static List<NamedDigest> parse(List<String> entries) {
        List<NamedDigest> parsed = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String entry : entries) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            String name = colon < 0 ? "" : entry.substring(0, colon).strip();
            String token = colon < 0 ? "" : entry.substring(colon + 1).strip();
            // Never echo the entry: it holds a secret.
            if (name.isEmpty() || !name.matches("[A-Za-z0-9._@-]{1,64}")) {
                throw new IllegalStateException("receiver.admin.tokens: each entry must be name:token with a name of"
                        + " letters, digits, '.', '_', '@' or '-' (entry " + (parsed.size() + 1) + ")");
            }
            if (token.length() < MIN_TOKEN_LENGTH) {
                throw new IllegalStateException("receiver.admin.tokens: the token of '" + name + "' must be at least "
                        + MIN_TOKEN_LENGTH + " characters");
            }
            if (!names.add(name)) {
                throw new IllegalStateException("receiver.admin.tokens: the name '" + name + "' appears twice");
            }
            parsed.add(new NamedDigest(name, SecretTokens.sha256(token)));
        }
        return List.copyOf(parsed);
    }

    private record NamedDigest(String name, byte[] digest) {}
}
