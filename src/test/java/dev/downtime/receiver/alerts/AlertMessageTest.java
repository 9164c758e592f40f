package dev.downtime.receiver.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertMessageTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            crlf           | a\\r\\nBcc: x            | a[U+000D][U+000A]Bcc: x
            nul and tab    | a\\u0000b\\tc            | a[U+0000]b[U+0009]c
            line separator | a\\u2028b                | a[U+2028]b
            rtl override   | x\\u202Egnp.exe          | x[U+202E]gnp.exe
            zero width     | pay\\u200Bpal            | pay[U+200B]pal
            plain text     | bücher.example/ü?q=1&x | bücher.example/ü?q=1&x
            emoji          | down 🔥 <b>             | down 🔥 <b>
            """)
    void showsEveryCharacterThatIsNotPlainTextAsItsCodePoint(String what, String escaped, String shown) {
        assertThat(AlertMessage.visible(unescape(escaped))).isEqualTo(shown);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", textBlock = """
            <!channel>                     => &lt;!channel&gt;
            <http://phish.test|click>      => &lt;http://phish.test|click&gt;
            a&lt;b                         => a&amp;lt;b
            """)
    void escapesSlackControlCharacters(String text, String escaped) {
        assertThat(AlertChannelsConfiguration.SlackChannel.escape(text)).isEqualTo(escaped);
    }

    /** Backslash r, n, t and uXXXX, as Java writes them. */
    private static String unescape(String text) {
        StringBuilder result = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                result.append(c);
                continue;
            }
            char next = text.charAt(++i);
            switch (next) {
                case 'r' -> result.append('\r');
                case 'n' -> result.append('\n');
                case 't' -> result.append('\t');
                case 'u' -> {
                    result.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> result.append(next);
            }
        }
        return result.toString();
    }
}
