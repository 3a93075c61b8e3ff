package dev.pifleet.agent.fleet;

import io.quarkus.runtime.Quarkus;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * restart-agent: the agent shuts down cleanly and exits with {@value #EXIT_CODE}, the code its launcher restarts it on:
 * systemd ({@code Restart=on-failure}, {@code RestartForceExitStatus=75} in the unit) and the local run's loop
 * ({@code scripts/lib/restart-on-75}). A fresh JVM rather than a restart inside this one: it also picks up a new
 * package or agent.properties, and nothing of the old run can linger.
 */
@Singleton
public class AgentRestart {

    /** EX_TEMPFAIL: "try again"; a plain crash exits with another code. */
    public static final int EXIT_CODE = 75;

    private static final Logger LOG = Logger.getLogger(AgentRestart.class);

    public void restart() {
        LOG.infof("restarting the agent (exit code %d; the service manager starts it again)", EXIT_CODE);
        Quarkus.asyncExit(EXIT_CODE);
    }
}
