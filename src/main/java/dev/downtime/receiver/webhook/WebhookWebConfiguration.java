package dev.downtime.receiver.webhook;

import dev.downtime.receiver.net.AddressBlock;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class WebhookWebConfiguration {

    /** First of all filters, so that nothing else ever sees a webhook token or a refused request. */
    @Bean
    FilterRegistrationBean<WebhookGuard> webhookGuard(WebhookProperties properties, MeterRegistry meters) {
        var registration = new FilterRegistrationBean<>(new WebhookGuard(properties, meters));
        registration.addUrlPatterns("/webhooks/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** The admin API throttles failed authentication by the same notion of who is calling. */
    @Bean
    ClientAddresses clientAddresses(WebhookProperties properties) {
        return new ClientAddresses(
                properties.trustedProxies().stream().map(AddressBlock::parse).toList());
    }
}
