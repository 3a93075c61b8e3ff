package dev.pifleet.alerting;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.pifleet.testing.FreePort;
import dev.pifleet.testing.QuarkusAppProcess;
import dev.pifleet.testing.SharedServices;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * The real Parse Server and auth-gateway, a real SMTP server in process (GreenMail) and the real telemetry-ingest
 * (one, or two for the exactly-once test), all shared by every test class of this JVM.
 */
public class AlertingTestResource implements QuarkusTestResourceLifecycleManager {

    private static GreenMail smtp;
    private static QuarkusAppProcess secondIngest;

    static synchronized GreenMail smtp() {
        if (smtp == null) {
            smtp = new GreenMail(new ServerSetup(FreePort.find(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            Runtime.getRuntime().addShutdownHook(new Thread(smtp::stop));
        }
        return smtp;
    }

    static QuarkusAppProcess ingest() {
        return SharedServices.telemetryIngest();
    }

    /** A second ingest replica on the same Parse Server: two evaluators of the same rules. */
    static synchronized QuarkusAppProcess secondIngest() {
        if (secondIngest == null) {
            secondIngest = new QuarkusAppProcess("services/telemetry-ingest", SharedServices.serviceConfig()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(secondIngest::stop));
        }
        return secondIngest;
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(SharedServices.serviceConfig());
        config.put("quarkus.mailer.host", "127.0.0.1");
        config.put("quarkus.mailer.port", Integer.toString(smtp().getSmtp().getPort()));
        return config;
    }

    @Override
    public void stop() {
        // Shared by every test class of this JVM; stopped when the JVM exits.
    }
}
