package dev.downtime.receiver.sites;

/**
 * A quick upper estimate of how large RE2 would compile a regex, read from its text before
 * compiling: RE2/J spells out counted repetitions, so {@code ((a{1000}){1000}){1000}}, 24
 * characters, would take it seconds and gigabytes to compile (Go's regexp refuses nested
 * repetition over 1000, RE2/J does not). Each literal, class or {@code .} counts one; a group
 * counts what it holds, plus one; {@code x{n,m}} counts x times max(n, m). Never throws: text that
 * is no regex gets some estimate, and the compiler refuses it afterwards.
 */
final class RegexSize {

    /** Estimates stop growing here; anything this large is refused anyway. */
    static final long SATURATED = 1L << 40;

    private final String text;
    private int pos;

    private RegexSize(String text) {
        this.text = text;
    }

    static long of(String regex) {
        RegexSize size = new RegexSize(regex);
        long total = 0;
        while (size.pos < regex.length()) {
            total = add(total, size.alternation());
            if (size.pos < regex.length()) {
                // A stray ')': skip it, the compiler will say what is wrong.
                size.pos++;
            }
        }
        return total;
    }

    private long alternation() {
        long total = concatenation();
        while (pos < text.length() && text.charAt(pos) == '|') {
            pos++;
            total = add(add(total, 1), concatenation());
        }
        return total;
    }

    private long concatenation() {
        long total = 0;
        while (pos < text.length() && text.charAt(pos) != '|' && text.charAt(pos) != ')') {
            total = add(total, repeated(atom()));
        }
        return total;
    }

    private long repeated(long atom) {
        long size = atom;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '*' || c == '+' || c == '?') {
                pos++;
                size = add(size, 1);
            } else if (c == '{') {
                long count = counted();
                if (count < 0) {
                    break;
                }
                size = add(multiply(size, Math.max(count, 1)), 1);
            } else {
                break;
            }
            if (pos < text.length() && text.charAt(pos) == '?') {
                pos++;
            }
        }
        return size;
    }

    /**
     * Reads {n}, {n,} or {n,m} at {@code pos}; @return the largest count it allows (n + 1 for an
     * open range, which RE2 compiles as n copies and a star), or -1 when the brace opens no
     * repetition (RE2 then takes it literally) and {@code pos} stays.
     */
    private long counted() {
        int at = pos + 1;
        int start = at;
        long min = 0;
        while (at < text.length() && Character.isDigit(text.charAt(at)) && at - start < 9) {
            min = min * 10 + (text.charAt(at++) - '0');
        }
        if (at == start || at >= text.length()) {
            return -1;
        }
        long max = min;
        if (text.charAt(at) == ',') {
            at++;
            int maxStart = at;
            max = 0;
            while (at < text.length() && Character.isDigit(text.charAt(at)) && at - maxStart < 9) {
                max = max * 10 + (text.charAt(at++) - '0');
            }
            if (at == maxStart) {
                max = min + 1;
            }
        }
        if (at >= text.length() || text.charAt(at) != '}') {
            return -1;
        }
        pos = at + 1;
        return Math.max(min, max);
    }

    private long atom() {
        char c = text.charAt(pos++);
        switch (c) {
            case '(' -> {
                return group();
            }
            case '[' -> {
                skipClass();
                return 1;
            }
            case '\\' -> {
                return escape();
            }
            default -> {
                if (Character.isHighSurrogate(c) && pos < text.length()) {
                    pos++;
                }
                return 1;
            }
        }
    }

    private long group() {
        if (pos < text.length() && text.charAt(pos) == '?') {
            // Flags, a non-capturing group or a name: (?i) (?i:...) (?:...) (?P<n>...) (?<n>...)
            while (pos < text.length() && text.charAt(pos) != ':' && text.charAt(pos) != ')') {
                if (text.charAt(pos) == '>') {
                    pos++;
                    break;
                }
                pos++;
            }
            if (pos < text.length() && text.charAt(pos) == ')') {
                pos++;
                return 0;
            }
            if (pos < text.length() && text.charAt(pos) == ':') {
                pos++;
            }
        }
        long inner = alternation();
        if (pos < text.length() && text.charAt(pos) == ')') {
            pos++;
        }
        return add(inner, 1);
    }

    private void skipClass() {
        if (pos < text.length() && text.charAt(pos) == '^') {
            pos++;
        }
        if (pos < text.length() && text.charAt(pos) == ']') {
            pos++;
        }
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == ']') {
                return;
            } else if (c == '\\') {
                escape();
            } else if (c == '[' && pos < text.length() && text.charAt(pos) == ':') {
                int end = text.indexOf(":]", pos + 1);
                if (end >= 0) {
                    pos = end + 2;
                }
            }
        }
    }

    private long escape() {
        if (pos >= text.length()) {
            return 1;
        }
        char c = text.charAt(pos++);
        switch (c) {
            case 'Q' -> {
                int end = text.indexOf("\\E", pos);
                int stop = end < 0 ? text.length() : end;
                long literal = text.codePointCount(pos, stop);
                pos = end < 0 ? text.length() : end + 2;
                return literal;
            }
            case 'p', 'P', 'x' -> {
                if (pos < text.length() && text.charAt(pos) == '{') {
                    int end = text.indexOf('}', pos);
                    pos = end < 0 ? text.length() : end + 1;
                } else if (c == 'x') {
                    pos = Math.min(text.length(), pos + 2);
                } else if (pos < text.length()) {
                    pos++;
                }
                return 1;
            }
            default -> {
                if (Character.isHighSurrogate(c) && pos < text.length()) {
                    pos++;
                }
                return 1;
            }
        }
    }

    private static long add(long a, long b) {
        return Math.min(SATURATED, a + b);
    }

    private static long multiply(long a, long b) {
        return a > SATURATED / b ? SATURATED : Math.min(SATURATED, a * b);
    }
}
