package dev.downtime.receiver.verification;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class VerificationConfiguration {

    @Bean
    SiteChecker siteChecker(VerificationProperties properties) {
        return new SiteChecker(new TargetGuard(properties, HostResolver.SYSTEM), properties);
    }
}
