package dev.downtime.receiver.alerts.grouping;

/**
 * The escaping rules for text that came from outside (URLs, host slugs, label values): one place
 * for the renderers of every channel.
 */
public final class PlainText {

    private PlainText() {}

    /**
     * Text with every character that is not plain printable text written as {@code [U+XXXX]}:
     * line breaks (which would forge lines of a mail body, or headers), other control characters,
     * Unicode line and paragraph separators, and format characters such as the right-to-left
     * override (which would show the text other than it is).
     */
    public static String visible(String untrusted) {
        StringBuilder shown = new StringBuilder(untrusted.length());
        untrusted.codePoints().forEach(c -> {
            int kind = Character.getType(c);
            if (kind == Character.CONTROL
                    || kind == Character.FORMAT
                    || kind == Character.LINE_SEPARATOR
                    || kind == Character.PARAGRAPH_SEPARATOR
                    || kind == Character.UNASSIGNED
                    || kind == Character.PRIVATE_USE
                    || kind == Character.SURROGATE) {
                shown.append(String.format("[U+%04X]", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        return shown.toString();
    }

    /**
     * Text for Slack's mrkdwn: {@linkplain #visible visible}, then {@code &}, {@code <} and {@code
     * >} escaped as Slack's "Escaping text" asks, so that it can neither mention {@code <!channel>}
     * nor render a link of its own ({@code <https://elsewhere|click>}).
     */
    public static String slack(String untrusted) {
        return visible(untrusted).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** At most {@code max} UTF-16 units, a cut one ending in an ellipsis; a surrogate pair is never split. */
    public static String shorten(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
