package dev.pifleet.agent.sender;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Runs the {@link Uploader} on its own thread for the life of the agent. */
@Singleton
public class UploadLoop {

    private static final Logger LOG = Logger.getLogger(UploadLoop.class);
    private static final Duration AFTER_UNEXPECTED_ERROR = Duration.ofSeconds(30);

    private final Uploader uploader;
    private final Semaphore newWork = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    UploadLoop(Uploader uploader) {
        this.uploader = uploader;
    }

    void start(@Observes StartupEvent started) {
        running = true;
        thread = Thread.ofPlatform().daemon().name("uploader").start(this::run);
    }

    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(Duration.ofSeconds(10));
    }

    /** New readings or a new key: an idle uploader looks now instead of at its next interval. */
    public void wake() {
        newWork.release();
    }

    private void run() {
        while (running) {
            try {
                Uploader.Pause pause = uploader.uploadOnce();
                if (pause.untilNewWork()) {
                    newWork.tryAcquire(pause.duration().toMillis(), TimeUnit.MILLISECONDS);
                    newWork.drainPermits();
                } else if (!pause.duration().isZero()) {
                    Thread.sleep(pause.duration());
                }
            } catch (InterruptedException stopping) {
                return;
            } catch (RuntimeException e) {
                LOG.error("upload step failed; trying again in " + AFTER_UNEXPECTED_ERROR.toSeconds() + " s", e);
                try {
                    Thread.sleep(AFTER_UNEXPECTED_ERROR);
                } catch (InterruptedException stopping) {
                    return;
                }
            }
        }
    }
}
