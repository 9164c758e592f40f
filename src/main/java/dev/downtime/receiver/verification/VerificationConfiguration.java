package dev.downtime.receiver.verification;

import dev.downtime.receiver.jobs.Job;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class VerificationConfiguration {

    @Bean
    SiteChecker siteChecker(VerificationProperties properties) {
        return new SiteChecker(new TargetGuard(properties, HostResolver.SYSTEM), properties);
    }

    /** Starts the checks that are due, as many as there are free slots. */
    @Bean
    Job dueSiteChecks(VerificationScheduler scheduler, VerificationProperties properties) {
        return Job.every("site-checks", Duration.ofSeconds(1), scheduler::startDueChecks)
                .enabledIf(properties.enabled());
    }
}
