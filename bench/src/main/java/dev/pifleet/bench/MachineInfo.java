package dev.pifleet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** What the numbers were measured on; printed and written with every result. */
record MachineInfo(int cpus, String cpuModel, String memory, String os, String javaVersion, String nodeVersion, String parseServer,
        String postgres, String loadAverageAtStart) {

    static MachineInfo describe(Path root, String postgresVersion) {
        return new MachineInfo(
                Runtime.getRuntime().availableProcessors(),
                firstMatching(Path.of("/proc/cpuinfo"), "model name").orElse("unknown"),
                firstMatching(Path.of("/proc/meminfo"), "MemTotal").map(MachineInfo::gibibytes).orElse("unknown"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.vendor") + " " + Runtime.version(),
                command(System.getenv().getOrDefault("PIFLEET_NODE", "node"), "--version"),
                parseServerVersion(root),
                postgresVersion,
                String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    }

    private static Optional<String> firstMatching(Path file, String prefix) {
        try {
            return Files.readAllLines(file).stream().filter(line -> line.startsWith(prefix))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String gibibytes(String memTotal) {
        long kib = Long.parseLong(memTotal.replaceAll("[^0-9]", ""));
        return String.format(Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0);
    }

    private static String parseServerVersion(Path root) {
        Path packageJson = root.resolve("parse-server/node_modules/parse-server/package.json");
        try {
            JsonNode json = HttpJson.JSON.readTree(packageJson.toFile());
            return json.path("version").asText("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String command(String... command) {
        try {
            Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes()).trim();
            return process.waitFor(10, TimeUnit.SECONDS) ? output : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
