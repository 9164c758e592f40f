package dev.downtime.receiver;

import dev.downtime.receiver.contract.ContractCheckCommand;
import java.util.Arrays;
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
        // The contract check is a client of a webhook, ours or another's: no Spring context, no web
        // server, no database, so it starts at once and runs where no PostgreSQL is reachable.
        if (args.length > 0 && args[0].equals(ContractCheckCommand.NAME)) {
            System.exit(ContractCheckCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        DnsCaching.shorten();
        SpringApplication.run(DowntimeReceiverApplication.class, args);
    }
}
