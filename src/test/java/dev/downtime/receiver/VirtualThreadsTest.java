package dev.downtime.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

class VirtualThreadsTest extends PostgresIntegrationTest {

    @Autowired
    WebServerApplicationContext context;

    @Test
    void handlesRequestsOnVirtualThreads() {
        Connector connector =
                ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector();

        assertThat(connector.getProtocolHandler().getExecutor().getClass().getSimpleName())
                .isEqualTo("VirtualThreadExecutor");
    }
}
