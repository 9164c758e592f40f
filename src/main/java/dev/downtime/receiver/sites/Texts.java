package dev.downtime.receiver.sites;

import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/** Measuring and quoting user text for the rules and messages of this package. */
final class Texts {

    private static final int QUOTED_MAX = 64;

    private Texts() {}

    /**
     * @return the length of the text in UTF-8, or -1 when it holds an unpaired surrogate (which has
     *     no UTF-8 form)
     */
    static int utf8Length(CharSequence text) {
        int length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return -1;
                }
                length += 4;
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return -1;
            } else {
                length += 3;
            }
        }
        return length;
    }

    static boolean isValidUnicode(CharSequence text) {
        try {
            StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(text));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /**
     * The text in double quotes for an error message: control characters and unpaired surrogates
     * escaped, so that a message never carries them, and cut after a few dozen characters.
     */
    static String quote(String text) {
        return quote(text, QUOTED_MAX);
    }

    /** The text in double quotes, control characters escaped, cut after {@code max} characters. */
    static String quote(String text, int max) {
        StringBuilder quoted = new StringBuilder(Math.min(text.length(), max) + 8).append('"');
        int shown = 0;
        for (int i = 0; i < text.length(); ) {
            if (shown++ == max) {
                quoted.append('…');
                break;
            }
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c == '"' || c == '\\') {
                quoted.append('\\').appendCodePoint(c);
            } else if (Character.getType(c) == Character.CONTROL
                    || Character.getType(c) == Character.SURROGATE
                    || Character.getType(c) == Character.FORMAT) {
                quoted.append(String.format("\\u%04x", c));
            } else {
                quoted.appendCodePoint(c);
            }
        }
        return quoted.append('"').toString();
    }
}
