package dev.pifleet.bench.faults;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Signals for a process this JVM started (Parse Server, a service), found among its children by a fragment of
 * its command line: the harness's process classes stop politely, a fault needs SIGKILL, SIGSTOP and SIGCONT.
 */
final class ChildProcess {

    private ChildProcess() {
    }

    static ProcessHandle find(String commandFragment) {
        List<ProcessHandle> matches = ProcessHandle.current().children()
                .filter(child -> child.info().commandLine().orElse("").contains(commandFragment))
                .toList();
        if (matches.size() != 1) {
            throw new IllegalStateException(matches.size() + " child processes match '" + commandFragment + "'");
        }
        return matches.getFirst();
    }

    /** SIGKILL, then waits (bounded) until the process is gone. */
    static void kill(ProcessHandle process) throws InterruptedException {
        process.destroyForcibly();
        try {
            process.onExit().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("process " + process.pid() + " did not exit after SIGKILL", e);
        }
    }

    static void signal(ProcessHandle process, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid()))
                .redirectErrorStream(true).start();
        String output = new String(kill.getInputStream().readAllBytes());
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed: " + output);
        }
    }

    /** Runs a shell command (the PostgreSQL cluster's pg_ctl lines from scripts/chaos), bounded. */
    static void shell(String command, int timeoutSeconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("`" + command + "` did not finish in " + timeoutSeconds + " s");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("`" + command + "` failed (" + process.exitValue() + "): " + output);
        }
    }
}
