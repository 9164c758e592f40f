package dev.downtime.receiver.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RequestIdFilterTest {

    final AtomicReference<String> logged = new AtomicReference<>();

    MockHttpServletResponse serve(HttpServletRequest request) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        new RequestIdFilter().doFilter(request, response, new MockFilterChain(new jakarta.servlet.http.HttpServlet() {
            @Override
            protected void service(
                    jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse res) {
                logged.set(MDC.get(RequestIdFilter.MDC_KEY));
                MDC.put("notification.id", "added-while-serving");
            }
        }));
        return response;
    }

    @Test
    void putsANewIdInTheLogContextAndTheResponseAndTakesItAllOutAfterwards() throws Exception {
        MockHttpServletResponse response = serve(new MockHttpServletRequest("POST", "/webhooks/monitor"));

        assertThat(logged.get()).matches("[0-9a-f-]{36}");
        assertThat(response.getHeader(RequestIdFilter.HEADER)).isEqualTo(logged.get());
        assertThat(MDC.get(RequestIdFilter.MDC_KEY)).isNull();
        assertThat(MDC.get("notification.id")).isNull();
    }

    @Test
    void keepsAPlainIdSentByAProxy() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/audit");
        request.addHeader(RequestIdFilter.HEADER, "lb-4f2a.17");

        assertThat(serve(request).getHeader(RequestIdFilter.HEADER)).isEqualTo("lb-4f2a.17");
        assertThat(logged.get()).isEqualTo("lb-4f2a.17");
    }

    /** Nothing a caller sends reaches a log line as sent: a forged line break, JSON, anything long. */
    @ParameterizedTest
    @ValueSource(strings = {"x\nWARN forged", "{\"a\":1}", "", "a b"})
    void replacesAnyOtherId(String sent) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/audit");
        request.addHeader(RequestIdFilter.HEADER, sent);

        serve(request);

        assertThat(logged.get()).matches("[0-9a-f-]{36}");
    }

    @Test
    void replacesAnIdOver64Characters() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/audit");
        request.addHeader(RequestIdFilter.HEADER, "a".repeat(65));

        serve(request);

        assertThat(logged.get()).matches("[0-9a-f-]{36}");
    }
}
