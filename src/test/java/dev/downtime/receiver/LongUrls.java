package dev.downtime.receiver;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * URLs of an exact length in UTF-8 bytes, made of characters of 1 to 4 bytes in a random order, so
 * that PostgreSQL cannot compress them: the worst case for an index entry.
 */
public final class LongUrls {

    public static final String PREFIX = "https://example.com/";

    private LongUrls() {}

    /** An already normalized URL of exactly {@code bytes} bytes in UTF-8. */
    public static String ofBytes(int bytes, long seed) {
        Random random = new Random(seed);
        StringBuilder url = new StringBuilder(PREFIX);
        int length = PREFIX.length();
        while (bytes - length >= 4) {
            int codePoint = switch (random.nextInt(4)) {
                case 0 -> 'a' + random.nextInt(26); // 1 byte
                case 1 -> 0x100 + random.nextInt(0x80); // Latin Extended-A: 2 bytes
                case 2 -> 0x4E00 + random.nextInt(0x5000); // CJK: 3 bytes
                default -> 0x1F300 + random.nextInt(0x200); // pictographs: 4 bytes
            };
            url.appendCodePoint(codePoint);
            length += utf8(Character.toString(codePoint));
        }
        url.append("z".repeat(bytes - length));
        return url.toString();
    }

    public static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
