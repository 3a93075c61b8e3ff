package dev.pifleet.agent.sender;

import dev.pifleet.agent.BackgroundLoop;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Runs the {@link Uploader} on its own thread for the life of the agent. */
@Singleton
public class UploadLoop {

    private static final Logger LOG = Logger.getLogger(UploadLoop.class);

    private final Uploader uploader;
    private final Semaphore newWork = new Semaphore(0);
    private BackgroundLoop loop;

    UploadLoop(Uploader uploader) {
        this.uploader = uploader;
    }

    void start(@Observes StartupEvent started) {
        loop = BackgroundLoop.start("uploader", LOG, this::step);
    }

    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        loop.stop();
    }

    /** New readings or a new key: an idle uploader looks now instead of at its next interval. */
    public void wake() {
        newWork.release();
    }

    private void step() throws InterruptedException {
        Uploader.Pause pause = uploader.uploadOnce();
        if (pause.untilNewWork()) {
            newWork.tryAcquire(pause.duration().toMillis(), TimeUnit.MILLISECONDS);
            newWork.drainPermits();
        } else if (!pause.duration().isZero()) {
            Thread.sleep(pause.duration());
        }
    }
}
