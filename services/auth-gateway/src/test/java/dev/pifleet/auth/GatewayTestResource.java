package dev.pifleet.auth;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.pifleet.testing.FreePort;
import dev.pifleet.testing.ParseStack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/** The real Parse Server and a real SMTP server in process (GreenMail), shared by every test class of this JVM. */
public class GatewayTestResource implements QuarkusTestResourceLifecycleManager {

    private static GreenMail smtp;

    static synchronized GreenMail smtp() {
        if (smtp == null) {
            smtp = new GreenMail(new ServerSetup(FreePort.find(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            Runtime.getRuntime().addShutdownHook(new Thread(smtp::stop));
        }
        return smtp;
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(ParseStack.shared().parseServer().clientConfig());
        config.put("quarkus.mailer.host", "127.0.0.1");
        config.put("quarkus.mailer.port", Integer.toString(smtp().getSmtp().getPort()));
        return config;
    }

    @Override
    public void stop() {
        // Shared by every test class of this JVM; stopped when the JVM exits.
    }
}
