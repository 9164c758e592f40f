package dev.downtime.receiver.contract;

import java.util.Locale;

/**
 * A body as the report shows it: quoted, with newlines, tabs and other invisible characters
 * escaped (the difference between {@code ok} and {@code ok\n} is the point), and cut when long.
 */
final class Excerpt {

    static final int MAX_CHARACTERS = 40;

    private Excerpt() {}

    static String of(String body) {
        StringBuilder shown = new StringBuilder("\"");
        int end = Math.min(body.length(), MAX_CHARACTERS);
        for (int i = 0; i < end; i++) {
            char c = body.charAt(i);
            switch (c) {
                case '\n' -> shown.append("\\n");
                case '\r' -> shown.append("\\r");
                case '\t' -> shown.append("\\t");
                case '"' -> shown.append("\\\"");
                case '\\' -> shown.append("\\\\");
                default -> {
                    if (invisible(c)) {
                        shown.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        shown.append(c);
                    }
                }
            }
        }
        shown.append('"');
        if (body.length() > MAX_CHARACTERS) {
            shown.append("... (").append(body.length()).append(" characters)");
        }
        return shown.toString();
    }

    /** Control characters, blanks other than the space (no-break, tabs...), BOM and other format characters. */
    private static boolean invisible(char c) {
        return Character.isISOControl(c)
                || !Character.isDefined(c)
                || ((Character.isWhitespace(c) || Character.isSpaceChar(c)) && c != ' ')
                || Character.getType(c) == Character.FORMAT;
    }
}
