package dev.pifleet.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child process that the test JVM starts, waits on until a health URL answers 200,
 * and always stops (also from a shutdown hook, so a failed run leaves nothing behind).
 */
public final class ManagedProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final List<String> command;
    private final Path workingDirectory;
    private final Map<String, String> environment;
    private final URI healthUrl;
    private final Path logFile;
    private Process process;

    public ManagedProcess(String name, List<String> command, Path workingDirectory, Map<String, String> environment,
            URI healthUrl, Path logFile) {
        this.name = name;
        this.command = List.copyOf(command);
        this.workingDirectory = workingDirectory;
        this.environment = Map.copyOf(environment);
        this.healthUrl = healthUrl;
        this.logFile = logFile;
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "stop-" + name));
    }

    /** Starts the process and returns once its health URL answers 200 (or fails after the timeout). */
    public synchronized void start(Duration timeout) {
        if (isRunning()) {
            return;
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + command.get(0) + ")", e);
        }
        awaitHealthy(timeout);
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the process (SIGTERM, then SIGKILL after 10 s). */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** SIGKILL at once: no shutdown hook runs, as in a power cut. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Waits for the process to end by itself (e.g. a restart it asked for); its exit code. */
    public synchronized int awaitExit(Duration timeout) {
        if (process == null) {
            throw new IllegalStateException(name + " is not running");
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(name + " did not exit within " + timeout + "; see " + logFile);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name + " to exit", e);
        }
        int code = process.exitValue();
        process = null;
        return code;
    }

    /** The running process, for a fault that signals it (SIGKILL, SIGSTOP); empty when it is not running. */
    public synchronized java.util.Optional<ProcessHandle> handle() {
        return process != null && process.isAlive() ? java.util.Optional.of(process.toHandle()) : java.util.Optional.empty();
    }

    public Path logFile() {
        return logFile;
    }

    private void awaitHealthy(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; see " + logFile);
            }
            if (answersOk()) {
                return;
            }
            sleep(Duration.ofMillis(200));
        }
        stop();
        throw new IllegalStateException(name + " did not become healthy at " + healthUrl + " within " + timeout
                + "; see " + logFile);
    }

    private boolean answersOk() {
        try {
            HttpRequest request = HttpRequest.newBuilder(healthUrl).timeout(Duration.ofSeconds(2)).GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
