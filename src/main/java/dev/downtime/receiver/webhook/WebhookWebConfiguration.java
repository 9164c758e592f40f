package dev.downtime.receiver.webhook;

import dev.downtime.receiver.net.AddressBlock;
import dev.downtime.receiver.security.RefusedConfigurationException;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class WebhookWebConfiguration {

    private static final Logger log = LoggerFactory.getLogger(WebhookWebConfiguration.class);

    /**
     * First of all filters but the request id (which reads nothing but X-Request-Id), so that
     * nothing else ever sees a webhook token or a refused request.
     */
    @Bean
    FilterRegistrationBean<WebhookGuard> webhookGuard(WebhookProperties properties, MeterRegistry meters) {
        requireGuard(properties);
        var registration = new FilterRegistrationBean<>(new WebhookGuard(properties, meters));
        registration.addUrlPatterns("/webhooks/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    /**
     * Anyone who finds an open webhook can silence alerts with forged failures and read the
     * maintenance schedule from the answers: it takes an explicit switch to run it so.
     */
    static void requireGuard(WebhookProperties properties) {
        if (properties.guarded()) {
            return;
        }
        if (!properties.allowOpen()) {
            throw new RefusedConfigurationException(
                    "The webhook would be open to anyone: neither receiver.webhook.tokens nor an enforced"
                            + " receiver.webhook.allowed-addresses is set.",
                    "Set RECEIVER_WEBHOOK_TOKENS to a secret path token (see the README, 'Trust boundaries'), or"
                            + " RECEIVER_WEBHOOK_ALLOWED_ADDRESSES to Monitor's addresses, or, only if something in"
                            + " front of this service already restricts who can call it,"
                            + " RECEIVER_WEBHOOK_ALLOW_OPEN=true.");
        }
        log.warn("The webhook is open to anyone (receiver.webhook.allow-open=true, no receiver.webhook.tokens nor"
                + " enforced receiver.webhook.allowed-addresses): only for a service behind other protection, or"
                + " for development.");
    }

    /** The admin API throttles failed authentication by the same notion of who is calling. */
    @Bean
    ClientAddresses clientAddresses(WebhookProperties properties) {
        return new ClientAddresses(
                properties.trustedProxies().stream().map(AddressBlock::parse).toList());
    }
}
