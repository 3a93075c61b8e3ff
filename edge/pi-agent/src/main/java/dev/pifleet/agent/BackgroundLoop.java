package dev.pifleet.agent;

import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * A daemon thread that repeats one step (which does its own waiting) until stopped. An unexpected error is logged and
 * the step tried again 30 s later, so a bug in one step never ends the loop for the life of the agent.
 */
public final class BackgroundLoop {

    /** One step; it waits (sleeps, or blocks on new work) as long as it needs to before returning. */
    public interface Step {
        void run() throws InterruptedException;
    }

    private static final Duration AFTER_UNEXPECTED_ERROR = Duration.ofSeconds(30);

    private final Logger log;
    private final Step step;
    private volatile boolean running = true;
    private final Thread thread;

    private BackgroundLoop(String name, Logger log, Step step) {
        this.log = log;
        this.step = step;
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this::run);
    }

    public static BackgroundLoop start(String name, Logger log, Step step) {
        BackgroundLoop loop = new BackgroundLoop(name, log, step);
        loop.thread.start();
        return loop;
    }

    public void stop() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(Duration.ofSeconds(10));
    }

    private void run() {
        while (running) {
            try {
                step.run();
            } catch (InterruptedException stopping) {
                return;
            } catch (RuntimeException e) {
                log.error(thread.getName() + " step failed; trying again in " + AFTER_UNEXPECTED_ERROR.toSeconds() + " s", e);
                try {
                    Thread.sleep(AFTER_UNEXPECTED_ERROR);
                } catch (InterruptedException stopping) {
                    return;
                }
            }
        }
    }
}
