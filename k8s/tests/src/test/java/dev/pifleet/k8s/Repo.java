package dev.pifleet.k8s;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/** The repository the manifests describe: its folders, the apps' real ports, and kubectl's rendering. */
final class Repo {

    /** The Quarkus services; each is a module {@code services/<name>} and a container of the same name. */
    static final Set<String> QUARKUS_SERVICES = Set.of("auth-gateway", "device-registry", "telemetry-ingest",
            "alerting");
    static final String PARSE_SERVER = "parse-server";
    static final String POSTGRES = "postgres";

    private static final ConcurrentHashMap<String, String> RENDERED = new ConcurrentHashMap<>();

    private Repo() {
    }

    static Path root() {
        String configured = System.getProperty("pifleet.repo.root");
        Path root = (configured == null ? Path.of("../..") : Path.of(configured)).toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("k8s/base"))) {
            throw new IllegalStateException("not the pifleet repository (no k8s/base): " + root);
        }
        return root;
    }

    static Path k8s(String relative) {
        return root().resolve("k8s").resolve(relative);
    }

    /** {@code quarkus.http.port} of a service module, read from its application.properties. */
    static int quarkusHttpPort(String service) {
        Path file = root().resolve("services").resolve(service).resolve("src/main/resources/application.properties");
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String port = properties.getProperty("quarkus.http.port");
        if (port == null) {
            throw new IllegalStateException(file + " sets no quarkus.http.port");
        }
        return Integer.parseInt(port.trim());
    }

    /**
     * Every path the browser loads for the web UI: the auth-gateway's static files and the WebJar
     * files its index.html references. Each must be routed, or the UI breaks behind the Ingress.
     */
    static java.util.List<String> webUiPaths() {
        Path resources = root().resolve("services/auth-gateway/src/main/resources/META-INF/resources");
        java.util.List<String> paths = new java.util.ArrayList<>();
        try (var files = Files.walk(resources)) {
            files.filter(Files::isRegularFile)
                    .map(file -> "/" + resources.relativize(file).toString().replace('\\', '/'))
                    .sorted()
                    .forEach(paths::add);
            Matcher webJar = Pattern.compile("(?:src|href)=\"(/webjars/[^\"]+)\"")
                    .matcher(Files.readString(resources.resolve("index.html"), StandardCharsets.UTF_8));
            while (webJar.find()) {
                paths.add(webJar.group(1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return paths;
    }

    /** The port parse-server/index.js listens on when PARSE_PORT is not set. */
    static int parseServerDefaultPort() {
        try {
            String index = Files.readString(root().resolve("parse-server/index.js"));
            Matcher matcher = Pattern.compile("process\\.env\\.PARSE_PORT\\s*\\|\\|\\s*(\\d+)").matcher(index);
            if (!matcher.find()) {
                throw new IllegalStateException("parse-server/index.js: no PARSE_PORT default found");
            }
            return Integer.parseInt(matcher.group(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A server where nothing listens, for kubectl: rendering needs none, but without a kubeconfig some kubectl builds
     * (the Cloud SDK's version dispatcher) ask http://localhost:8080, the local run's gateway, for its version.
     */
    private static final String NO_SERVER = "--server=http://127.0.0.1:9";

    /** True when a kubectl with kustomize is on PATH (not on every machine of this kind). */
    static boolean kubectlAvailable() {
        try {
            Process process = new ProcessBuilder("kubectl", NO_SERVER, "kustomize", "--help").redirectErrorStream(true)
                    .start();
            process.getInputStream().readAllBytes();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code kubectl kustomize k8s/overlays/<overlay>}; skips (assumption) without kubectl, fails on an error. */
    static String kustomize(String overlay) {
        Assumptions.assumeTrue(KUBECTL.available, "kubectl is not on PATH: rendered overlays not checked");
        return RENDERED.computeIfAbsent(overlay, Repo::runKustomize);
    }

    private static String runKustomize(String overlay) {
        Path folder = k8s("overlays/" + overlay);
        try {
            Path output = Files.createTempFile("kustomize-" + overlay, ".yaml");
            Path errors = Files.createTempFile("kustomize-" + overlay, ".err");
            try {
                Process process = new ProcessBuilder("kubectl", NO_SERVER, "kustomize", folder.toString())
                        .redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("kubectl kustomize " + folder + " did not finish in 120 s");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("kubectl kustomize " + folder + " failed: "
                            + Files.readString(errors, StandardCharsets.UTF_8));
                }
                return Files.readString(output, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(output);
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Probed once per test JVM. */
    private static final class KUBECTL {
        static final boolean available = kubectlAvailable();
    }
}
