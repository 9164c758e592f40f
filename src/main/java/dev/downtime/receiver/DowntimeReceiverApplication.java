package dev.downtime.receiver;

import dev.downtime.receiver.contract.ContractCheckCommand;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.modulith.Modulithic;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Receives Jetpack Monitor downtime notifications and answers them from scheduled maintenance windows.
 * Each package under this one is an application module (docs/modules); the shared ones are
 * infrastructure every feature uses and that uses no feature.
 */
@Modulithic(sharedModules = {"web", "database", "jobs", "site", "net"})
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class DowntimeReceiverApplication {

    public static void main(String[] args) {
        // The contract check is a client of a webhook, ours or another's: no Spring context, no web
        // server, no database, so it starts at once and runs where no PostgreSQL is reachable.
        if (args.length > 0 && args[0].equals(ContractCheckCommand.NAME)) {
            System.exit(ContractCheckCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        DnsCaching.shorten();
        SpringApplication.run(DowntimeReceiverApplication.class, args);
    }
}
