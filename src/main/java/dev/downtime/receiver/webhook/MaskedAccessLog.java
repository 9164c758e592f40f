package dev.downtime.receiver.webhook;

import java.io.CharArrayWriter;
import java.util.regex.Pattern;
import org.apache.catalina.valves.AccessLogValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/** Adds the access log of {@link AccessLogProperties}, with webhook tokens masked, when enabled. */
@Component
class MaskedAccessLog implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    /** Whatever follows the webhook's path, up to the end of the path. */
    static final Pattern TOKEN = Pattern.compile("(" + Pattern.quote(MonitorWebhookController.PATH) + "/)[^\\s?\"]+");

    private final AccessLogProperties properties;

    MaskedAccessLog(AccessLogProperties properties) {
        this.properties = properties;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        if (!properties.enabled()) {
            return;
        }
        AccessLogValve valve = new MaskingValve();
        valve.setDirectory(properties.directory().toAbsolutePath().toString());
        valve.setPrefix("access");
        valve.setSuffix(".log");
        valve.setPattern("%h %l %u %t \"%r\" %s %b %D");
        valve.setBuffered(false);
        factory.addEngineValves(valve);
    }

    static String mask(String line) {
        return TOKEN.matcher(line).replaceAll("$1****");
    }

    private static final class MaskingValve extends AccessLogValve {
        @Override
        public void log(CharArrayWriter message) {
            CharArrayWriter masked = new CharArrayWriter();
            masked.append(mask(message.toString()));
            super.log(masked);
        }
    }
}
