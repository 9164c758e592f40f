import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run by DnsCachingTest in a JVM of its own, as a source file (a main class among the test classes
 * would leave `mvn spring-boot:test-run` with two to choose from). Arguments: `shorten` (apply
 * DnsCaching first), `main` (run the service's main, which must apply it) or `default`, then the
 * hosts file the JVM was pointed at. Prints what it saw.
 */
public class DnsProbe {

    public static void main(String[] args) throws Exception {
        if (args[0].equals("shorten")) {
            Method shorten = Class.forName("dev.downtime.receiver.DnsCaching").getDeclaredMethod("shorten");
            shorten.setAccessible(true);
            shorten.invoke(null);
        }
        if (args[0].equals("main")) {
            // The service's own entry point, with an argument Spring refuses before it makes any
            // context: what counts is what main did first.
            try {
                Class.forName("dev.downtime.receiver.DowntimeReceiverApplication")
                        .getMethod("main", String[].class)
                        .invoke(null, (Object) new String[] {"--spring.main.web-application-type=refused"});
                throw new AssertionError("Spring took --spring.main.web-application-type=refused");
            } catch (InvocationTargetException expected) {
                // refused, as meant
            }
        }
        Path hosts = Path.of(args[1]);
        String before = lookup("db.test");
        String missingBefore = lookup("new.test");
        Files.writeString(hosts, "192.0.2.2 db.test\n192.0.2.3 new.test\n");
        String missingAfter = lookup("new.test");
        Thread.sleep(1_500);
        String after = lookup("db.test");
        System.out.println("db.test " + before + " -> " + after + "; new.test " + missingBefore + " -> " + missingAfter);
    }

    private static String lookup(String name) {
        try {
            return InetAddress.getByName(name).getHostAddress();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
