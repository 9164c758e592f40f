package dev.downtime.receiver.site;

import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/** The size of text as PostgreSQL stores it: the limits on what is stored are in UTF-8 bytes. */
public final class Utf8 {

    private Utf8() {}

    /**
     * Returns the length of the text in UTF-8, or -1 when it holds an unpaired surrogate (which has
     * no UTF-8 form: the driver would store a '?' in its place).
     */
    public static int length(CharSequence text) {
        try {
            return StandardCharsets.UTF_8
                    .newEncoder()
                    .encode(CharBuffer.wrap(text))
                    .remaining();
        } catch (CharacterCodingException e) {
            return -1;
        }
    }
}
