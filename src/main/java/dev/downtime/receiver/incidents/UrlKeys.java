package dev.downtime.receiver.incidents;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The digests PostgreSQL's {@code url_key(url)} computes (V15: SHA-256 of the URL's UTF-8 bytes),
 * computed here, so that a lookup gives the indexed value itself rather than asking PostgreSQL to
 * compute it.
 */
final class UrlKeys {

    private UrlKeys() {}

    static byte[][] of(List<String> urls) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        byte[][] keys = new byte[urls.size()][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = sha256.digest(urls.get(i).getBytes(StandardCharsets.UTF_8));
        }
        return keys;
    }
}
