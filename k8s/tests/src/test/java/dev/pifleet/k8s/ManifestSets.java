package dev.pifleet.k8s;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/** The sets every invariant runs on: the sources of base and each overlay, and each overlay as kubectl renders it. */
final class ManifestSets {

    /** The Ingress certificate: created by the operator or cert-manager, never kept in git. */
    private static final String TLS = "pifleet-tls";
    /** The MQTT endpoint's certificate (telemetry-ingest terminates MQTT's TLS itself), likewise outside git. */
    private static final String MQTT_TLS = "pifleet-mqtt-tls";

    /**
     * Secrets that exist in the cluster without being in git. base leaves the application secrets to its
     * overlays; dev generates them (obviously-dev values); prod expects the operator to create them
     * (docs/operations.md lists the commands).
     */
    static final Map<String, Set<String>> PROVIDED_OUTSIDE = Map.of(
            "base", Set.of("pifleet-parse", "pifleet-database", "pifleet-smtp", "pifleet-operator", TLS, MQTT_TLS),
            "dev", Set.of(TLS, MQTT_TLS),
            "prod", Set.of("pifleet-parse", "pifleet-database", "pifleet-smtp", "pifleet-operator", TLS, MQTT_TLS));

    private static final Map<String, ManifestSet> CACHE = new ConcurrentHashMap<>();

    private ManifestSets() {
    }

    static Stream<Named<Supplier<ManifestSet>>> all() {
        return Stream.of(
                source("base"), source("dev"), source("prod"),
                rendered("dev"), rendered("prod"));
    }

    /** The overlays only: what is actually deployed. */
    static Stream<Named<Supplier<ManifestSet>>> overlays() {
        return Stream.of(source("dev"), source("prod"), rendered("dev"), rendered("prod"));
    }

    static ManifestSet sourceSet(String overlay) {
        return CACHE.computeIfAbsent("source:" + overlay, key -> ManifestSet.sources(
                Repo.k8s(overlay.equals("base") ? "base" : "overlays/" + overlay),
                overlay + " (sources)", overlay, PROVIDED_OUTSIDE.get(overlay)));
    }

    static ManifestSet renderedSet(String overlay) {
        String yaml = Repo.kustomize(overlay);
        return CACHE.computeIfAbsent("rendered:" + overlay, key -> ManifestSet.rendered(yaml,
                overlay + " (kubectl kustomize)", overlay, PROVIDED_OUTSIDE.get(overlay)));
    }

    private static Named<Supplier<ManifestSet>> source(String overlay) {
        return Named.of(overlay + " (sources)", () -> sourceSet(overlay));
    }

    private static Named<Supplier<ManifestSet>> rendered(String overlay) {
        return Named.of(overlay + " (kubectl kustomize)", () -> renderedSet(overlay));
    }
}
