package dev.downtime.receiver.sites;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes selectors in the syntax of Alertmanager's matcher parser
 * (prometheus/alertmanager {@code matcher/parse}): matchers separated by commas, optionally in
 * braces, a trailing comma allowed, blanks between tokens ignored. A name or value is either bare
 * (any run of characters but blanks and {@code {}!=~,\"'`}) or in double quotes with Go's string
 * escapes ({@code \"}, {@code \\}, {@code \n}, {@code \t}, {@code \x41}, {@code \101}, {@code
 * \u00e9}, {@code \U0001f642}, ...). Positions in messages count characters from 1.
 */
final class SelectorSyntax {

    private static final String RESERVED = "{}!=~,\\\"'`";

    private enum Kind {
        OPEN_BRACE,
        CLOSE_BRACE,
        COMMA,
        OPERATOR,
        QUOTED,
        UNQUOTED,
        END
    }

    private record Token(Kind kind, String text, int column, MatchType operator) {

        String shown() {
            return switch (kind) {
                case END -> "the end";
                case QUOTED, UNQUOTED -> Texts.quote(text);
                default -> "\"" + text + "\"";
            };
        }
    }

    private final String input;
    private int pos;
    private int column = 1;

    private SelectorSyntax(String input) {
        this.input = input;
    }

    /** The matchers in the order written; the caller checks their number and meaning. */
    static List<ParsedMatcher> parse(String input) {
        return new SelectorSyntax(input).matchers();
    }

    /** A matcher as written, its name and value unquoted; {@code column} where it starts. */
    record ParsedMatcher(String name, MatchType type, String value, int column) {}

    private List<ParsedMatcher> matchers() {
        List<ParsedMatcher> matchers = new ArrayList<>();
        Token token = next();
        boolean braced = token.kind == Kind.OPEN_BRACE;
        if (braced) {
            token = next();
        }
        while (true) {
            if (token.kind == Kind.END) {
                if (braced) {
                    throw error(token, "expected a closing \"}\", found the end");
                }
                return matchers;
            }
            if (token.kind == Kind.CLOSE_BRACE) {
                if (!braced) {
                    throw error(token, "found \"}\" without an opening \"{\"");
                }
                Token after = next();
                if (after.kind != Kind.END) {
                    throw error(after, "expected the end after \"}\", found " + after.shown());
                }
                return matchers;
            }
            if (token.kind != Kind.QUOTED && token.kind != Kind.UNQUOTED) {
                throw error(token, "expected a label name, found " + token.shown());
            }
            Token name = token;
            Token operator = next();
            if (operator.kind != Kind.OPERATOR) {
                throw error(
                        operator,
                        "expected an operator (=, !=, =~ or !~) after " + name.shown() + ", found " + operator.shown());
            }
            Token value = next();
            if (value.kind != Kind.QUOTED && value.kind != Kind.UNQUOTED) {
                throw error(
                        value,
                        "expected a value after " + name.shown() + operator.text + ", found " + value.shown()
                                + " (write an empty value as \"\")");
            }
            matchers.add(new ParsedMatcher(name.text, operator.operator, value.text, name.column));
            token = next();
            if (token.kind == Kind.COMMA) {
                token = next();
            } else if (token.kind != Kind.END && token.kind != Kind.CLOSE_BRACE) {
                throw error(token, "expected a comma or the end after a matcher, found " + token.shown());
            }
        }
    }

    private static InvalidSelectorException error(Token at, String reason) {
        return new InvalidSelectorException("is not a valid selector: at character " + at.column + ", " + reason);
    }

    private Token next() {
        while (pos < input.length()) {
            int c = input.codePointAt(pos);
            if (!isSpace(c)) {
                break;
            }
            advance(c);
        }
        int start = column;
        if (pos >= input.length()) {
            return new Token(Kind.END, "", start, MatchType.EQUAL);
        }
        int c = input.codePointAt(pos);
        switch (c) {
            case '{' -> {
                advance(c);
                return new Token(Kind.OPEN_BRACE, "{", start, MatchType.EQUAL);
            }
            case '}' -> {
                advance(c);
                return new Token(Kind.CLOSE_BRACE, "}", start, MatchType.EQUAL);
            }
            case ',' -> {
                advance(c);
                return new Token(Kind.COMMA, ",", start, MatchType.EQUAL);
            }
            case '=', '!' -> {
                return operator(start);
            }
            case '"' -> {
                return quoted(start);
            }
            default -> {
                if (RESERVED.indexOf(c) >= 0) {
                    throw new InvalidSelectorException("is not a valid selector: at character " + start
                            + ", unexpected " + Texts.quote(Character.toString(c))
                            + (c == '\\' ? " (escapes work only inside double quotes)" : ""));
                }
                int from = pos;
                while (pos < input.length()) {
                    int d = input.codePointAt(pos);
                    if (isSpace(d) || RESERVED.indexOf(d) >= 0) {
                        break;
                    }
                    advance(d);
                }
                return new Token(Kind.UNQUOTED, input.substring(from, pos), start, MatchType.EQUAL);
            }
        }
    }

    private Token operator(int start) {
        char first = input.charAt(pos);
        advance(first);
        boolean tilde = pos < input.length() && input.charAt(pos) == '~';
        if (first == '=') {
            if (tilde) {
                advance('~');
                return new Token(Kind.OPERATOR, "=~", start, MatchType.REGEX);
            }
            return new Token(Kind.OPERATOR, "=", start, MatchType.EQUAL);
        }
        if (tilde) {
            advance('~');
            return new Token(Kind.OPERATOR, "!~", start, MatchType.NOT_REGEX);
        }
        if (pos < input.length() && input.charAt(pos) == '=') {
            advance('=');
            return new Token(Kind.OPERATOR, "!=", start, MatchType.NOT_EQUAL);
        }
        throw new InvalidSelectorException(
                "is not a valid selector: at character " + start + ", \"!\" must be followed by \"=\" or \"~\"");
    }

    /** A double-quoted name or value with Go's escapes ({@code strconv.Unquote}), as Alertmanager reads it. */
    private Token quoted(int start) {
        advance('"');
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (true) {
            if (pos >= input.length()) {
                throw new InvalidSelectorException("is not a valid selector: the quoted text at character " + start
                        + " has no closing double quote");
            }
            int c = input.codePointAt(pos);
            int at = column;
            advance(c);
            if (c == '"') {
                break;
            }
            if (c == '\n') {
                throw new InvalidSelectorException("is not a valid selector: at character " + at
                        + ", a line break inside quotes must be written \\n");
            }
            if (c != '\\') {
                if (c >= 0xd800 && c <= 0xdfff) {
                    throw new InvalidSelectorException(
                            "is not a valid selector: at character " + at + ", not valid Unicode");
                }
                bytes.writeBytes(Character.toString(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            if (pos >= input.length()) {
                throw new InvalidSelectorException("is not a valid selector: the quoted text at character " + start
                        + " has no closing double quote");
            }
            int e = input.codePointAt(pos);
            advance(e);
            switch (e) {
                case 'a' -> bytes.write(0x07);
                case 'b' -> bytes.write(0x08);
                case 'f' -> bytes.write(0x0c);
                case 'n' -> bytes.write('\n');
                case 'r' -> bytes.write('\r');
                case 't' -> bytes.write('\t');
                case 'v' -> bytes.write(0x0b);
                case '\\' -> bytes.write('\\');
                case '"' -> bytes.write('"');
                case 'x' -> bytes.write((int) hex(2, at));
                case 'u', 'U' -> {
                    long code = hex(e == 'u' ? 4 : 8, at);
                    if (code > Character.MAX_CODE_POINT || (code >= 0xd800 && code <= 0xdfff)) {
                        throw badEscape(at, "\\" + Character.toString(e) + " names no Unicode character");
                    }
                    bytes.writeBytes(Character.toString((int) code).getBytes(StandardCharsets.UTF_8));
                }
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    int value = e - '0';
                    for (int i = 0; i < 2; i++) {
                        int d = pos < input.length() ? input.charAt(pos) : -1;
                        if (d < '0' || d > '7') {
                            throw badEscape(at, "an octal escape takes three digits");
                        }
                        advance(d);
                        value = value * 8 + (d - '0');
                    }
                    if (value > 0xff) {
                        throw badEscape(at, "an octal escape is at most \\377");
                    }
                    bytes.write(value);
                }
                default -> {
                    String escape = invisible(e) || isSpace(e) || (e >= 0xd800 && e <= 0xdfff)
                            ? String.format("\\ followed by U+%04X", e)
                            : "\\" + Character.toString(e);
                    throw badEscape(
                            at,
                            escape + " is not an escape (in a quoted regex, write a backslash as \\\\, e.g."
                                    + " \"\\\\d+\")");
                }
            }
        }
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
            return new Token(Kind.QUOTED, text, start, MatchType.EQUAL);
        } catch (CharacterCodingException e) {
            throw new InvalidSelectorException(
                    "is not a valid selector: the quoted text at character " + start + " is not valid UTF-8");
        }
    }

    private long hex(int digits, int at) {
        long value = 0;
        for (int i = 0; i < digits; i++) {
            int d = pos < input.length() ? Character.digit(input.charAt(pos), 16) : -1;
            if (d < 0) {
                throw badEscape(at, "expected " + digits + " hexadecimal digits");
            }
            advance(input.charAt(pos));
            value = value * 16 + d;
        }
        return value;
    }

    private static InvalidSelectorException badEscape(int at, String reason) {
        return new InvalidSelectorException(
                "is not a valid selector: at character " + at + ", invalid escape: " + reason);
    }

    private void advance(int codePoint) {
        pos += Character.charCount(codePoint);
        column++;
    }

    /** Go's {@code unicode.IsSpace}, which Alertmanager's lexer skips and ends bare words on. */
    static boolean isSpace(int c) {
        return switch (c) {
            case '\t', '\n', 0x0b, '\f', '\r', ' ', 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000 -> true;
            default -> c >= 0x2000 && c <= 0x200a;
        };
    }

    /**
     * A value as {@link #parse} reads it back: bare when it is not empty and holds only characters
     * that are neither reserved, blank nor invisible; otherwise quoted.
     */
    static String formatValue(String value) {
        boolean bare = !value.isEmpty();
        for (int i = 0; bare && i < value.length(); ) {
            int c = value.codePointAt(i);
            i += Character.charCount(c);
            bare = !isSpace(c) && RESERVED.indexOf(c) < 0 && !invisible(c);
        }
        if (bare) {
            return value;
        }
        StringBuilder quoted = new StringBuilder(value.length() + 8).append('"');
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (invisible(c)) {
                        quoted.append(c <= 0xffff ? String.format("\\u%04x", c) : String.format("\\U%08x", c));
                    } else {
                        quoted.appendCodePoint(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    private static boolean invisible(int c) {
        int type = Character.getType(c);
        return type == Character.CONTROL
                || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }
}
