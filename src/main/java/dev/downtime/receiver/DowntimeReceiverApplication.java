package dev.downtime.receiver;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Receives Jetpack Monitor downtime notifications and answers them from scheduled maintenance windows. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class DowntimeReceiverApplication {

    public static void main(String[] args) {
        DnsCaching.shorten();
        SpringApplication.run(DowntimeReceiverApplication.class, args);
    }
}
