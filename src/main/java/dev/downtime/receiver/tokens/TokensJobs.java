package dev.downtime.receiver.tokens;

import dev.downtime.receiver.jobs.Job;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TokensJobs {

    /** Tokens issued or revoked through other instances (or in SQL) apply here too. */
    @Bean
    Job adminTokensRefresh(ActiveTokens tokens, TokensProperties properties) {
        return Job.every("admin-tokens-refresh", properties.refreshInterval(), tokens::refresh);
    }
}
