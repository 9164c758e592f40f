package dev.downtime.receiver.sites.upload;

/** User text in a message: in double quotes, control characters escaped, cut after 64 characters. */
final class Shown {

    private static final int MAX = 64;

    private Shown() {}

    static String quote(String text) {
        StringBuilder quoted = new StringBuilder(Math.min(text.length(), MAX) + 8).append('"');
        int shown = 0;
        for (int i = 0; i < text.length(); ) {
            if (shown++ == MAX) {
                quoted.append('…');
                break;
            }
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            int type = Character.getType(c);
            if (c == '"' || c == '\\') {
                quoted.append('\\').appendCodePoint(c);
            } else if (type == Character.CONTROL || type == Character.SURROGATE || type == Character.FORMAT) {
                quoted.append(String.format("\\u%04x", c));
            } else {
                quoted.appendCodePoint(c);
            }
        }
        return quoted.append('"').toString();
    }

    /** A parser's own description of what it could not read, on one line and bounded. */
    static String reason(@org.jspecify.annotations.Nullable String message) {
        if (message == null || message.isBlank()) {
            return "unreadable";
        }
        String line = message.strip().lines().findFirst().orElse("");
        StringBuilder clean = new StringBuilder(Math.min(line.length(), 200));
        for (int i = 0; i < line.length() && clean.length() < 200; i++) {
            char c = line.charAt(i);
            clean.append(Character.isISOControl(c) || Character.isSurrogate(c) ? '?' : c);
        }
        return clean.toString();
    }
}
