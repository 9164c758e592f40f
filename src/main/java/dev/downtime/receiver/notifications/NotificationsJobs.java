package dev.downtime.receiver.notifications;

import dev.downtime.receiver.jobs.Job;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class NotificationsJobs {

    /** Moves what was spooled during an outage into PostgreSQL once it is back. */
    @Bean
    Job spoolReplay(SpoolReplayer replayer, SpoolProperties properties) {
        return Job.every("spool-replay", properties.replayInterval(), replayer::replay);
    }

    /** Once after an upgrade: what an older version committed and never folded into incidents. */
    @Bean
    Job unfoldedHandover(UnfoldedNotifications unfolded) {
        return Job.every("unfolded-notifications-handover", Duration.ofSeconds(10), unfolded::handOverAll);
    }
}
