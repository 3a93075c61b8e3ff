package dev.pifleet.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapEnvSource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretEnvSource;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The deployment's invariants, checked on the sources of base and each overlay and, when kubectl is on PATH,
 * on what {@code kubectl kustomize} renders (patches applied, generated names hashed).
 */
class ManifestInvariantsTest {

    private static final String NAMESPACE = "pifleet";
    private static final String INGRESS_CONTROLLER_NAMESPACE = "ingress-nginx";
    private static final Set<String> BACKENDS_ONLY = Set.of(Repo.PARSE_SERVER, Repo.POSTGRES);
    private static final Pattern PINNED_TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern CREDENTIALS_IN_URI = Pattern.compile("://[^/@\\s]+:[^/@\\s]*@");
    /** Env vars that carry secrets: only ever from a Secret. */
    private static final Set<String> SECRET_ENV = Set.of("PARSE_MASTER_KEY", "DATABASE_URI", "POSTGRES_PASSWORD",
            "PARSE_MAINTENANCE_KEY", "PIFLEET_OPERATOR_TOKEN_HASH");

    static Stream<Named<Supplier<ManifestSet>>> all() {
        return ManifestSets.all();
    }

    static Stream<Named<Supplier<ManifestSet>>> overlays() {
        return ManifestSets.overlays();
    }

    // ---------------------------------------------------------------- namespace

    @ParameterizedTest
    @MethodSource("all")
    void everyObjectLivesInThePifleetNamespace(Supplier<ManifestSet> manifests) {
        ManifestSet set = manifests.get();
        List<String> violations = new ArrayList<>();
        if (set.rendered()) {
            for (HasMetadata resource : set.resources()) {
                if (!(resource instanceof Namespace) && !NAMESPACE.equals(resource.getMetadata().getNamespace())) {
                    violations.add(id(resource) + " is in namespace " + resource.getMetadata().getNamespace());
                }
                if (!"pifleet".equals(labels(resource).get("app.kubernetes.io/part-of"))) {
                    violations.add(id(resource) + " lacks app.kubernetes.io/part-of=pifleet");
                }
            }
        } else {
            set.namespaces().stream().filter(ns -> !NAMESPACE.equals(ns))
                    .forEach(ns -> violations.add("a kustomization sets namespace " + ns));
        }
        assertThat(set.find(Namespace.class, NAMESPACE)).as("the pifleet Namespace object").isPresent();
        assertThat(violations).as(set.name()).isEmpty();
    }

    // ---------------------------------------------------------------- probes and ports

    @ParameterizedTest
    @MethodSource("all")
    void probesPointAtRealHealthPathsOnPortsTheAppsListenOn(Supplier<ManifestSet> manifests) {
        ManifestSet set = manifests.get();
        List<String> violations = new ArrayList<>();
        for (Pods.Workload workload : Pods.workloads(set)) {
            for (Container container : workload.template().getSpec().getContainers()) {
                String where = workload + " container " + container.getName();
                if (container.getLivenessProbe() == null || container.getReadinessProbe() == null) {
                    violations.add(where + ": needs a liveness and a readiness probe");
                }
                Map<String, Probe> probes = new java.util.LinkedHashMap<>();
                probes.put("live", container.getLivenessProbe());
                probes.put("ready", container.getReadinessProbe());
                probes.put("started", container.getStartupProbe());
                for (var entry : probes.entrySet()) {
                    Probe probe = entry.getValue();
                    if (probe == null || probe.getHttpGet() == null) {
                        if (Repo.QUARKUS_SERVICES.contains(container.getName())
                                || Repo.PARSE_SERVER.equals(container.getName())) {
                            violations.add(where + ": no HTTP " + entry.getKey() + " probe");
                        }
                        continue;
                    }
                    String path = probe.getHttpGet().getPath();
                    String expected = Repo.QUARKUS_SERVICES.contains(container.getName())
                            ? "/q/health/" + entry.getKey()
                            : Repo.PARSE_SERVER.equals(container.getName()) ? "/parse/health" : null;
                    if (!Objects.equals(expected, path)) {
                        violations.add(where + ": " + entry.getKey() + " probe on " + path + ", expected " + expected);
                    }
                    Optional<ContainerPort> port = workload.port(probe.getHttpGet().getPort());
                    if (port.isEmpty()) {
                        violations.add(where + ": " + entry.getKey() + " probe port " + probe.getHttpGet().getPort()
                                + " is not a declared containerPort");
                    }
                }
                if (Repo.QUARKUS_SERVICES.contains(container.getName())) {
                    int appPort = Repo.quarkusHttpPort(container.getName());
                    if (container.getPorts().stream().noneMatch(p -> p.getContainerPort() == appPort)) {
                        violations.add(where + ": declares no containerPort " + appPort
                                + " (quarkus.http.port in services/" + container.getName() + ")");
                    }
                }
                if (Repo.PARSE_SERVER.equals(container.getName())) {
                    int parsePort = parseServerPort(set);
                    if (container.getPorts().stream().noneMatch(p -> p.getContainerPort() == parsePort)) {
                        violations.add(where + ": declares no containerPort " + parsePort + " (PARSE_PORT)");
                    }
                }
            }
        }
        assertThat(violations).as(set.name()).isEmpty();
    }

    // ---------------------------------------------------------------- Services

    @ParameterizedTest
    @MethodSource("all")
    void servicesSelectPodsAndTargetPortsThosePodsDeclare(Supplier<ManifestSet> manifests) {
        ManifestSet set = manifests.get();
        List<String> violations = new ArrayList<>();
        for (Service service : set.all(Service.class)) {
            List<Pods.Workload> selected = Pods.workloads(set).stream()
                    .filter(w -> Pods.selects(service.getSpec().getSelector(), w.labels())).toList();
            if (selected.isEmpty()) {
                violations.add(id(service) + " selects no pods (selector " + service.getSpec().getSelector() + ")");
            }
            for (ServicePort port : service.getSpec().getPorts()) {
                var target = port.getTargetPort() == null ? new io.fabric8.kubernetes.api.model.IntOrString(
                        port.getPort()) : port.getTargetPort();
                for (Pods.Workload workload : selected) {
                    if (workload.port(target).isEmpty()) {
                        violations.add(id(service) + " targetPort " + target + " is not declared by " + workload);
                    }
                }
            }
        }
        assertThat(violations).as(set.name()).isEmpty();
    }

    // ---------------------------------------------------------------- Ingress

    @ParameterizedTest
    @MethodSource("all")
    void ingressBackendsNameExistingServicesAndPorts(Supplier<ManifestSet> manifests) {
        ManifestSet set = manifests.get();
        List<String> violations = new ArrayList<>();
        List<IngressRoutes.Route> routes = IngressRoutes.all(set);
        assertThat(routes).as("the Ingress routes something").isNotEmpty();
        for (IngressRoutes.Route route : routes) {
            Optional<Service> service = route.service() == null ? Optional.empty()
                    : set.find(Service.class, route.service());
            if (service.isEmpty()) {
                violations.add(route.path() + " → missing Service " + route.service());
                continue;
            }
            boolean portExists = service.get().getSpec().getPorts().stream().anyMatch(p -> route.portName() != null
                    ? route.portName().equals(p.getName()) : Objects.equals(route.portNumber(), p.getPort()));
            if (!portExists) {
                violations.add(route.path() + " → " + route.service() + " has no port "
                        + (route.portName() != null ? route.portName() : route.portNumber()));
            }
            if (!Set.of("Exact", "Prefix").contains(route.pathType())) {
                violations.add(route.path() + ": pathType " + route.pathType() + " (only Exact and Prefix have defined matching)");
            }
        }
        assertThat(violations).as(set.name()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("all")
    void ingressNeverReachesParseServerOrPostgres(Supplier<ManifestSet> manifests) {
        ManifestSet set = manifests.get();
        List<String> violations = new ArrayList<>();
        for (IngressRoutes.Route route : IngressRoutes.all(set)) {
            if (BACKENDS_ONLY.contains(route.service())) {
                violations.add(route.path() + " routes to " + route.service());
            }
            set.find(Service.class, route.service()).ifPresent(service -> Pods.workloads(set).stream()
                    .filter(w -> Pods.selects(service.getSpec().getSelector(), w.labels()))
                    .filter(w -> BACKENDS_ONLY.contains(w.name()))
                    .forEach(w -> violations.add(route.path() + " → Service " + route.service() + " reaches " + w)));
        }
        for (String backend : BACKENDS_ONLY) {
            set.find(Service.class, backend).ifPresent(service -> {
                if (!"ClusterIP".equals(Optional.ofNullable(service.getSpec().getType()).orElse("ClusterIP"))) {
                    violations.add(id(service) + " is of type " + service.getSpec().getType() + ", not ClusterIP");
                }
            });
        }
        assertThat(violations).as(set.name()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("all")
    void ingressRoutesNothingUnderInternalOrParseOrQuarkusEndpoints(Supplier<ManifestSet> manifests) {
        ManifestSet set = manifests.get();
        List<String> violations = new ArrayList<>();
        for (String path : List.of("/internal", "/internal/", "/internal/sessions/verify", "/parse", "/parse/",
                "/parse/health", "/parse/classes/Device", "/parse/users/me", "/parse/batch", "/q/health",
                "/q/health/live", "/q/metrics", "/q/openapi", "/q/swagger-ui")) {
            IngressRoutes.resolve(set, path).ifPresent(route -> violations.add(path + " is routed by " + route));
        }
        // Stricter than Ingress matching: no Prefix path is even a string prefix of these.
        for (IngressRoutes.Route route : IngressRoutes.all(set)) {
            for (String forbidden : List.of("/internal/sessions/verify", "/parse")) {
                if ("Prefix".equals(route.pathType()) && forbidden.startsWith(route.path())) {
                    violations.add("Prefix " + route.path() + " is a prefix of " + forbidden);
                }
            }
        }
        assertThat(violations).as(set.name()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("all")
    void ingressRoutesEveryContractPathToItsService(Supplier<ManifestSet> manifests) {
        ManifestSet set = manifests.get();
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        for (String path : List.of("/api/auth/signup", "/api/auth/login", "/api/auth/logout", "/api/auth/me",
                "/api/health", "/", "/config.json")) {
            expected.put(path, "auth-gateway");
        }
        for (String path : Repo.webUiPaths()) {
            expected.put(path, "auth-gateway");
        }
        for (String path : List.of("/api/device/register", "/api/devices", "/api/devices/pi-1",
                "/api/devices/pi-1/rotate-key", "/api/devices/pi-1/config", "/api/devices/pi-1/commands/abc",
                "/api/fleet/config", "/api/fleet/commands")) {
            expected.put(path, "device-registry");
        }
        for (String path : List.of("/api/device/data", "/api/device/heartbeat", "/api/readings/pi-1",
                "/api/device/commands", "/api/device/commands/abc/result")) {
            expected.put(path, "telemetry-ingest");
        }
        for (String path : List.of("/api/alert-rules", "/api/alert-rules/abc", "/api/alerts", "/api/alerts/open-count",
                "/api/alerts/abc/deliveries")) {
            expected.put(path, "alerting");
        }
        List<String> violations = new ArrayList<>();
        expected.forEach((path, service) -> {
            Optional<IngressRoutes.Route> route = IngressRoutes.resolve(set, path);
            if (route.isEmpty() || !service.equals(route.get().service())) {
                violations.add(path + " should reach " + service + " but reaches "
                        + route.map(IngressRoutes.Route::service).orElse("nothing"));
            }
        });
        for (String exact : List.of("/api/device/data", "/api/device/heartbeat")) {
            if (IngressRoutes.all(set).stream().noneMatch(r -> r.path().equals(exact) && r.pathType().equals("Exact"))) {
                violations.add(exact + " is not an Exact path");
            }
        }
        assertThat(violations).as(set.name()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("all")
    void ingressServesEveryHostOverTls(Supplier<ManifestSet> manifests) {
        ManifestSet set = manifests.get();
        List<String> violations = new ArrayList<>();
        for (Ingress ingress : set.all(Ingress.class)) {
            List<IngressTLS> tls = ingress.getSpec().getTls() == null ? List.of() : ingress.getSpec().getTls();
            for (var rule : ingress.getSpec().getRules()) {
                boolean covered = tls.stream().anyMatch(t -> t.getSecretName() != null && t.getHosts() != null
                        && t.getHosts().contains(rule.getHost()));
                if (rule.getHost() == null || !covered) {
                    violations.add(id(ingress) + ": host " + rule.getHost() + " has no TLS entry with a secret");
                }
            }
            tls.stream().map(IngressTLS::getSecretName).filter(s -> !set.hasSecret(s))
                    .forEach(s -> violations.add(id(ingress) + ": TLS secret " + s + " is not provided"));
        }
        assertThat(violations).as(set.name()).isEmpty();
    }

    // ---------------------------------------------------------------- config and secrets

    @ParameterizedTest
    @MethodSource("all")
    void everyReferencedSecretAndConfigMapExists(Supplier<ManifestSet> manifests) {
        ManifestSet set = manifests.get();
        List<String> violations = new ArrayList<>();
        for (Pods.Workload workload : Pods.workloads(set)) {
            for (Container container : workload.containers()) {
                String where = workload + " container " + container.getName();
                for (EnvFromSource from : container.getEnvFrom() == null ? List.<EnvFromSource>of()
                        : container.getEnvFrom()) {
                    ConfigMapEnvSource configMap = from.getConfigMapRef();
                    SecretEnvSource secret = from.getSecretRef();
                    if (configMap != null && !set.configMaps().containsKey(configMap.getName())) {
                        violations.add(where + ": envFrom ConfigMap " + configMap.getName() + " does not exist");
                    }
                    if (secret != null && !set.hasSecret(secret.getName())) {
                        violations.add(where + ": envFrom Secret " + secret.getName() + " does not exist");
                    }
                }
                for (EnvVar env : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
                    if (env.getValueFrom() == null) {
                        continue;
                    }
                    var configKey = env.getValueFrom().getConfigMapKeyRef();
                    var secretKey = env.getValueFrom().getSecretKeyRef();
                    if (configKey != null) {
                        Map<String, String> data = set.configMaps().get(configKey.getName());
                        if (data == null || !data.containsKey(configKey.getKey())) {
                            violations.add(where + ": " + env.getName() + " from ConfigMap " + configKey.getName()
                                    + " key " + configKey.getKey() + ", which does not exist");
                        }
                    }
                    if (secretKey != null) {
                        if (!set.hasSecret(secretKey.getName())) {
                            violations.add(where + ": " + env.getName() + " from missing Secret " + secretKey.getName());
                        } else if (set.secretKeys(secretKey.getName()).map(k -> !k.contains(secretKey.getKey()))
                                .orElse(false)) {
                            violations.add(where + ": " + env.getName() + " from Secret " + secretKey.getName()
                                    + " key " + secretKey.getKey() + ", which does not exist");
                        }
                    }
                }
            }
            for (Volume volume : Optional.ofNullable(workload.template().getSpec().getVolumes()).orElse(List.of())) {
                if (volume.getConfigMap() != null && !set.configMaps().containsKey(volume.getConfigMap().getName())) {
                    violations.add(workload + ": volume from missing ConfigMap " + volume.getConfigMap().getName());
                }
                if (volume.getSecret() != null && !set.hasSecret(volume.getSecret().getSecretName())) {
                    violations.add(workload + ": volume from missing Secret " + volume.getSecret().getSecretName());
                }
            }
        }
        assertThat(violations).as(set.name()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("all")
    void secretsComeOnlyFromSecrets(Supplier<ManifestSet> manifests) {
        ManifestSet set = manifests.get();
        List<String> violations = new ArrayList<>();
        for (Pods.Workload workload : Pods.workloads(set)) {
            for (Container container : workload.containers()) {
                for (EnvVar env : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
                    if (SECRET_ENV.contains(env.getName()) && (env.getValueFrom() == null
                            || env.getValueFrom().getSecretKeyRef() == null)) {
                        violations.add(workload + " " + container.getName() + ": " + env.getName()
                                + " is not taken from a Secret");
                    }
                }
            }
        }
        set.configMaps().forEach((name, data) -> data.forEach((key, value) -> {
            if (SECRET_ENV.contains(key) || key.endsWith("PASSWORD") || key.endsWith("_KEY")
                    || CREDENTIALS_IN_URI.matcher(value).find()) {
                violations.add("ConfigMap " + name + " holds the secret " + key);
            }
        }));
        assertThat(violations).as(set.name()).isEmpty();
    }

    /** Pairing by deviceId alone proves nothing: only the dev overlay keeps it, for the seed's scripts. */
    @ParameterizedTest
    @MethodSource("overlays")
    void pairingByDeviceIdAloneIsOffInProduction(Supplier<ManifestSet> manifests) {
        ManifestSet set = manifests.get();
        String expected = set.overlay().equals("dev") ? "true" : "false";
        // Rendered, a generated ConfigMap's name carries kustomize's hash suffix.
        Map<String, String> config = set.configMaps().entrySet().stream()
                .filter(entry -> entry.getKey().equals("pifleet-config") || entry.getKey().startsWith("pifleet-config-"))
                .map(Map.Entry::getValue).findFirst().orElseThrow(() -> new AssertionError(set.name() + ": no pifleet-config"));
        assertThat(config).as(set.name()).containsEntry("PIFLEET_LEGACY_PAIRING", expected);
    }

    @ParameterizedTest
    @MethodSource("all")
    void servicesAreConfiguredForTheClusterThroughTheConfigMap(Supplier<ManifestSet> manifests) {
        ManifestSet set = manifests.get();
        List<String> violations = new ArrayList<>();
        for (String service : Repo.QUARKUS_SERVICES) {
            Container container = container(set, service);
            Optional<Map<String, String>> config = Optional.ofNullable(container.getEnvFrom()).orElse(List.of())
                    .stream().map(EnvFromSource::getConfigMapRef).filter(Objects::nonNull)
                    .map(ref -> set.configMaps().get(ref.getName())).filter(Objects::nonNull).findFirst();
            if (config.isEmpty()) {
                violations.add(service + " takes no ConfigMap through envFrom");
                continue;
            }
            Map<String, String> data = config.get();
            for (String key : List.of("PARSE_SERVER_URL", "PARSE_APP_ID", "PIFLEET_AUTH_GATEWAY_URL",
                    "PIFLEET_UI_ORIGINS", "PIFLEET_UI_REGISTRY_URL", "PIFLEET_UI_INGEST_URL", "PIFLEET_UI_ALERTS_URL")) {
                if (!data.containsKey(key)) {
                    violations.add(service + ": config lacks " + key);
                }
            }
            checkUrlNamesAService(set, "PARSE_SERVER_URL", data.get("PARSE_SERVER_URL"), Repo.PARSE_SERVER,
                    "/parse", violations);
            checkUrlNamesAService(set, "PIFLEET_AUTH_GATEWAY_URL", data.get("PIFLEET_AUTH_GATEWAY_URL"),
                    "auth-gateway", "", violations);
            for (String sameOrigin : List.of("PIFLEET_UI_REGISTRY_URL", "PIFLEET_UI_INGEST_URL", "PIFLEET_UI_ALERTS_URL")) {
                if (!"".equals(data.get(sameOrigin))) {
                    violations.add(sameOrigin + " should be empty (same origin behind the Ingress): "
                            + data.get(sameOrigin));
                }
            }
        }
        Container parse = container(set, Repo.PARSE_SERVER);
        Map<String, String> parseEnv = literalEnv(set, parse);
        if (!"0.0.0.0".equals(parseEnv.get("PARSE_BIND"))) {
            violations.add("Parse Server must bind 0.0.0.0 in a pod, not " + parseEnv.get("PARSE_BIND"));
        }
        String ips = parseEnv.getOrDefault("PARSE_MASTER_KEY_IPS", "");
        if (!ips.matches("[0-9a-fA-F.:/,]+") || ips.contains("0.0.0.0/0") || ips.contains("::/0")) {
            violations.add("PARSE_MASTER_KEY_IPS must be the pod network CIDR, not '" + ips + "'");
        }
        checkUrlNamesAService(set, "Parse's PARSE_SERVER_URL", parseEnv.get("PARSE_SERVER_URL"), Repo.PARSE_SERVER,
                "/parse", violations);
        assertThat(violations).as(set.name()).isEmpty();
    }

    // ---------------------------------------------------------------- containers

    @ParameterizedTest
    @MethodSource("all")
    void everyContainerHasCpuAndMemoryRequestsAndLimits(Supplier<ManifestSet> manifests) {
        ManifestSet set = manifests.get();
        List<String> violations = new ArrayList<>();
        for (Pods.Workload workload : Pods.workloads(set)) {
            for (Container container : workload.containers()) {
                var resources = container.getResources();
                for (String kind : List.of("requests", "limits")) {
                    Map<String, Quantity> values = resources == null ? null
                            : kind.equals("requests") ? resources.getRequests() : resources.getLimits();
                    for (String resource : List.of("cpu", "memory")) {
                        if (values == null || values.get(resource) == null) {
                            violations.add(workload + " " + container.getName() + ": no " + resource + " " + kind);
                        }
                    }
                }
                if (resources != null && resources.getRequests() != null && resources.getLimits() != null) {
                    for (String resource : List.of("cpu", "memory")) {
                        Quantity request = resources.getRequests().get(resource);
                        Quantity limit = resources.getLimits().get(resource);
                        if (request != null && limit != null
                                && request.getNumericalAmount().compareTo(limit.getNumericalAmount()) > 0) {
                            violations.add(workload + " " + container.getName() + ": " + resource
                                    + " request above its limit");
                        }
                    }
                }
            }
        }
        assertThat(violations).as(set.name()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("all")
    void everyContainerRunsAsNonRootOnAReadOnlyRootFilesystem(Supplier<ManifestSet> manifests) {
        ManifestSet set = manifests.get();
        List<String> violations = new ArrayList<>();
        for (Pods.Workload workload : Pods.workloads(set)) {
            PodSecurityContext pod = workload.template().getSpec().getSecurityContext();
            if (!Boolean.FALSE.equals(workload.template().getSpec().getAutomountServiceAccountToken())) {
                violations.add(workload + ": mounts a service account token it does not need");
            }
            for (Container container : workload.containers()) {
                String where = workload + " " + container.getName();
                SecurityContext own = container.getSecurityContext();
                boolean nonRoot = own != null && own.getRunAsNonRoot() != null ? own.getRunAsNonRoot()
                        : pod != null && Boolean.TRUE.equals(pod.getRunAsNonRoot());
                Long user = own != null && own.getRunAsUser() != null ? own.getRunAsUser()
                        : pod == null ? null : pod.getRunAsUser();
                String seccomp = own != null && own.getSeccompProfile() != null ? own.getSeccompProfile().getType()
                        : pod != null && pod.getSeccompProfile() != null ? pod.getSeccompProfile().getType() : null;
                if (!nonRoot || Objects.equals(user, 0L)) {
                    violations.add(where + ": may run as root");
                }
                if (own == null || !Boolean.TRUE.equals(own.getReadOnlyRootFilesystem())) {
                    violations.add(where + ": root filesystem is writable");
                }
                if (own == null || !Boolean.FALSE.equals(own.getAllowPrivilegeEscalation())) {
                    violations.add(where + ": allows privilege escalation");
                }
                if (own != null && Boolean.TRUE.equals(own.getPrivileged())) {
                    violations.add(where + ": privileged");
                }
                if (own == null || own.getCapabilities() == null || own.getCapabilities().getDrop() == null
                        || !own.getCapabilities().getDrop().contains("ALL")
                        || (own.getCapabilities().getAdd() != null && !own.getCapabilities().getAdd().isEmpty())) {
                    violations.add(where + ": does not drop ALL capabilities (or adds some)");
                }
                if (!"RuntimeDefault".equals(seccomp)) {
                    violations.add(where + ": seccomp profile " + seccomp + ", not RuntimeDefault");
                }
                boolean tmpMounted = container.getVolumeMounts() != null && container.getVolumeMounts().stream()
                        .anyMatch(m -> "/tmp".equals(m.getMountPath()));
                if (!tmpMounted) {
                    violations.add(where + ": no writable /tmp on its read-only root filesystem");
                }
            }
        }
        assertThat(violations).as(set.name()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("all")
    void imagesArePinnedToATag(Supplier<ManifestSet> manifests) {
        ManifestSet set = manifests.get();
        List<String> violations = new ArrayList<>();
        for (Pods.Workload workload : Pods.workloads(set)) {
            for (Container container : workload.containers()) {
                String image = container.getImage();
                String lastSegment = image.substring(image.lastIndexOf('/') + 1);
                int colon = lastSegment.indexOf(':');
                String tag = colon < 0 ? null : lastSegment.substring(colon + 1);
                boolean digest = image.contains("@sha256:");
                if (!digest && (tag == null || !PINNED_TAG.matcher(tag).matches() || tag.equals("latest"))) {
                    violations.add(workload + " " + container.getName() + ": image " + image + " is not pinned");
                }
                String expectedRepository = Repo.QUARKUS_SERVICES.contains(container.getName())
                        || Repo.PARSE_SERVER.equals(container.getName()) ? "pifleet/" + container.getName() : null;
                if (expectedRepository != null && !image.startsWith(expectedRepository + ":")
                        && !image.contains("/" + expectedRepository + ":")) {
                    violations.add(container.getName() + ": image " + image + " is not " + expectedRepository);
                }
            }
        }
        assertThat(violations).as(set.name()).isEmpty();
    }

    // ---------------------------------------------------------------- NetworkPolicies

    @ParameterizedTest
    @MethodSource("all")
    void ingressTrafficIsDeniedByDefault(Supplier<ManifestSet> manifests) {
        ManifestSet set = manifests.get();
        boolean defaultDeny = set.all(NetworkPolicy.class).stream().anyMatch(policy ->
                Pods.isEmpty(policy.getSpec().getPodSelector())
                        && policy.getSpec().getPolicyTypes() != null
                        && policy.getSpec().getPolicyTypes().contains("Ingress")
                        && (policy.getSpec().getIngress() == null || policy.getSpec().getIngress().isEmpty()));
        assertThat(defaultDeny).as(set.name() + ": a NetworkPolicy that denies all ingress in the namespace").isTrue();
    }

    @ParameterizedTest
    @MethodSource("all")
    void onlyTheFourServicesReachParseServer(Supplier<ManifestSet> manifests) {
        ManifestSet set = manifests.get();
        assertThat(allowedSources(set, Repo.PARSE_SERVER)).as(set.name()).isEqualTo(Set.of("auth-gateway:1337",
                "device-registry:1337", "telemetry-ingest:1337", "alerting:1337"));
    }

    @ParameterizedTest
    @MethodSource("all")
    void onlyParseServerReachesPostgres(Supplier<ManifestSet> manifests) {
        ManifestSet set = manifests.get();
        assertThat(allowedSources(set, Repo.POSTGRES)).as(set.name()).isEqualTo(Set.of("parse-server:5432"));
    }

    @ParameterizedTest
    @MethodSource("all")
    void theIngressControllerReachesTheServicesAndTheyReachTheGateway(Supplier<ManifestSet> manifests) {
        ManifestSet set = manifests.get();
        String controller = "namespace " + INGRESS_CONTROLLER_NAMESPACE;
        assertThat(allowedSources(set, "auth-gateway")).as(set.name()).isEqualTo(Set.of(
                controller + ":8080", "device-registry:8080", "telemetry-ingest:8080", "alerting:8080"));
        assertThat(allowedSources(set, "device-registry")).as(set.name()).isEqualTo(Set.of(controller + ":8081"));
        // And the devices' MQTT over TLS, from anywhere through its LoadBalancer Service.
        assertThat(allowedSources(set, "telemetry-ingest")).as(set.name()).isEqualTo(Set.of(controller + ":8082",
                "anyone:8883"));
        assertThat(allowedSources(set, "alerting")).as(set.name()).isEqualTo(Set.of(controller + ":8083"));
    }

    /**
     * Alert webhooks never reach the cluster's own network in production: the service refuses internal targets
     * (PIFLEET_ALERTS_ALLOW_PRIVATE_WEBHOOKS=false), and alerting's egress to webhook ports leaves out every
     * private, loopback, CGNAT, link-local (metadata) and IETF-protocol (192.0.0.0/24: 192.0.0.192 is a metadata
     * address too) range.
     */
    @ParameterizedTest
    @MethodSource("all")
    void alertWebhooksCannotReachPrivateAddresses(Supplier<ManifestSet> manifests) {
        ManifestSet set = manifests.get();
        Map<String, String> config = set.configMaps().entrySet().stream()
                .filter(entry -> entry.getKey().equals("pifleet-config") || entry.getKey().startsWith("pifleet-config-"))
                .map(Map.Entry::getValue).findFirst().orElseThrow(() -> new AssertionError(set.name() + ": no pifleet-config"));
        assertThat(config).as(set.name()).containsEntry("PIFLEET_ALERTS_ALLOW_PRIVATE_WEBHOOKS", "false");
        Map<String, String> labels = Pods.podLabels(set, "alerting");
        List<NetworkPolicy> egress = set.all(NetworkPolicy.class).stream()
                .filter(policy -> Pods.selects(policy.getSpec().getPodSelector(), labels))
                .filter(policy -> policy.getSpec().getPolicyTypes() != null && policy.getSpec().getPolicyTypes().contains("Egress"))
                .toList();
        assertThat(egress).as(set.name() + ": an egress policy for alerting").isNotEmpty();
        Set<String> required = Set.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8",
                "169.254.0.0/16", "100.64.0.0/10", "192.0.0.0/24");
        List<String> violations = new ArrayList<>();
        for (NetworkPolicy policy : egress) {
            for (var rule : Optional.ofNullable(policy.getSpec().getEgress()).orElse(List.of())) {
                Set<Integer> ports = new java.util.HashSet<>();
                Optional.ofNullable(rule.getPorts()).orElse(List.of()).forEach(port ->
                        ports.add(port.getPort() == null ? -1 : port.getPort().getIntVal()));
                boolean webhookPorts = ports.isEmpty() || ports.contains(-1) || ports.contains(443) || ports.contains(80);
                if (rule.getTo() == null || rule.getTo().isEmpty()) {
                    violations.add(id(policy) + ": an egress rule to anywhere");
                    continue;
                }
                for (NetworkPolicyPeer peer : rule.getTo()) {
                    if (peer.getIpBlock() != null && webhookPorts) {
                        List<String> except = Optional.ofNullable(peer.getIpBlock().getExcept()).orElse(List.of());
                        if (!except.containsAll(required)) {
                            violations.add(id(policy) + ": webhook ports to " + peer.getIpBlock().getCidr()
                                    + " without excluding " + required);
                        }
                    }
                }
            }
        }
        assertThat(violations).as(set.name()).isEmpty();
    }

    /**
     * Mail leaves only for the SMTP relay, from the two services that send it (alerting: alert mails; auth-gateway:
     * password reset and address confirmation): every egress rule that opens an SMTP port (25, 465, 587) names
     * address blocks no wider than a /24 (IPv4) or /64 (IPv6), never the whole internet, and no webhook rule opens them.
     */
    @ParameterizedTest
    @MethodSource("all")
    void mailGoesOnlyToTheRelaysAddresses(Supplier<ManifestSet> manifests) {
        ManifestSet set = manifests.get();
        for (String service : List.of("alerting", "auth-gateway")) {
            Map<String, String> labels = Pods.podLabels(set, service);
            Set<Integer> smtp = Set.of(25, 465, 587);
            List<String> violations = new ArrayList<>();
            int smtpRules = 0;
            for (NetworkPolicy policy : set.all(NetworkPolicy.class)) {
                if (!Pods.selects(policy.getSpec().getPodSelector(), labels) || policy.getSpec().getPolicyTypes() == null
                        || !policy.getSpec().getPolicyTypes().contains("Egress")) {
                    continue;
                }
                for (var rule : Optional.ofNullable(policy.getSpec().getEgress()).orElse(List.of())) {
                    List<NetworkPolicyPort> ports = Optional.ofNullable(rule.getPorts()).orElse(List.of());
                    boolean opensSmtp = ports.isEmpty() || ports.stream().anyMatch(port -> port.getPort() == null
                            || smtp.contains(port.getPort().getIntVal()) || port.getEndPort() != null);
                    boolean onlyInCluster = rule.getTo() != null && !rule.getTo().isEmpty()
                            && rule.getTo().stream().allMatch(peer -> peer.getIpBlock() == null);
                    if (!opensSmtp || onlyInCluster) {
                        continue;
                    }
                    smtpRules++;
                    if (rule.getTo() == null || rule.getTo().isEmpty()) {
                        violations.add(id(policy) + ": SMTP ports to anywhere");
                        continue;
                    }
                    for (NetworkPolicyPeer peer : rule.getTo()) {
                        if (peer.getIpBlock() == null) {
                            continue;
                        }
                        String cidr = peer.getIpBlock().getCidr();
                        int length = Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
                        if (length < (cidr.contains(":") ? 64 : 24)) {
                            violations.add(id(policy) + ": SMTP ports to " + cidr);
                        }
                    }
                }
            }
            assertThat(smtpRules).as(set.name() + ": an egress rule for " + service + "'s SMTP relay").isPositive();
            assertThat(violations).as(set.name() + " " + service).isEmpty();
        }
    }

    /**
     * The auth-gateway mails (reset, confirmation) with the SMTP settings of the pifleet-smtp Secret, and calls out to
     * nothing else: its egress rules reach only in-cluster peers (DNS, Parse Server) or SMTP ports.
     */
    @ParameterizedTest
    @MethodSource("all")
    void theGatewayTakesTheSmtpSecretAndCallsOutOnlyForMail(Supplier<ManifestSet> manifests) {
        ManifestSet set = manifests.get();
        Container gateway = container(set, "auth-gateway");
        assertThat(Optional.ofNullable(gateway.getEnvFrom()).orElse(List.of()).stream()
                .map(EnvFromSource::getSecretRef).filter(Objects::nonNull).map(ref -> ref.getName()))
                // Rendered, a generated Secret's name carries kustomize's hash suffix.
                .as(set.name() + ": the gateway's SMTP settings from a Secret")
                .anyMatch(name -> name.equals("pifleet-smtp") || name.startsWith("pifleet-smtp-"));
        Map<String, String> labels = Pods.podLabels(set, "auth-gateway");
        List<NetworkPolicy> egress = set.all(NetworkPolicy.class).stream()
                .filter(policy -> Pods.selects(policy.getSpec().getPodSelector(), labels))
                .filter(policy -> policy.getSpec().getPolicyTypes() != null && policy.getSpec().getPolicyTypes().contains("Egress"))
                .toList();
        assertThat(egress).as(set.name() + ": an egress policy for the auth-gateway").isNotEmpty();
        Set<Integer> smtp = Set.of(25, 465, 587);
        List<String> violations = new ArrayList<>();
        for (NetworkPolicy policy : egress) {
            for (var rule : Optional.ofNullable(policy.getSpec().getEgress()).orElse(List.of())) {
                boolean inCluster = rule.getTo() != null && !rule.getTo().isEmpty()
                        && rule.getTo().stream().allMatch(peer -> peer.getIpBlock() == null);
                List<NetworkPolicyPort> ports = Optional.ofNullable(rule.getPorts()).orElse(List.of());
                boolean onlySmtp = !ports.isEmpty() && ports.stream().allMatch(port -> port.getPort() != null
                        && port.getEndPort() == null && smtp.contains(port.getPort().getIntVal()));
                if (!inCluster && !onlySmtp) {
                    violations.add(id(policy) + ": an egress rule out of the cluster that is not for mail");
                }
            }
        }
        assertThat(violations).as(set.name()).isEmpty();
    }

    // ---------------------------------------------------------------- replicas, autoscaling, database

    @ParameterizedTest
    @MethodSource("overlays")
    void replicasAutoscalingAndDatabaseFitTheOverlay(Supplier<ManifestSet> manifests) {
        ManifestSet set = manifests.get();
        List<String> violations = new ArrayList<>();
        List<HorizontalPodAutoscaler> autoscalers = set.all(HorizontalPodAutoscaler.class);
        for (HorizontalPodAutoscaler hpa : autoscalers) {
            var target = hpa.getSpec().getScaleTargetRef();
            if (!"Deployment".equals(target.getKind()) || set.find(Deployment.class, target.getName()).isEmpty()) {
                violations.add(id(hpa) + " scales a missing " + target.getKind() + " " + target.getName());
            }
        }
        Optional<StatefulSet> postgres = set.find(StatefulSet.class, Repo.POSTGRES);
        if (set.overlay().equals("dev")) {
            assertThat(autoscalers).as("dev has no HPA").isEmpty();
            Pods.workloads(set).stream().filter(w -> !Objects.equals(w.replicas(), 1))
                    .forEach(w -> violations.add(w + " runs " + w.replicas() + " replicas in dev"));
            if (postgres.isEmpty() || postgres.get().getSpec().getVolumeClaimTemplates() == null
                    || postgres.get().getSpec().getVolumeClaimTemplates().isEmpty()) {
                violations.add("dev needs the PostgreSQL StatefulSet with a PersistentVolumeClaim");
            }
        } else {
            if (postgres.isPresent()) {
                violations.add("prod uses an external PostgreSQL: no StatefulSet " + Repo.POSTGRES);
            }
            for (String name : List.of("auth-gateway", "device-registry", "telemetry-ingest", "alerting",
                    Repo.PARSE_SERVER)) {
                Optional<HorizontalPodAutoscaler> hpa = autoscalers.stream()
                        .filter(h -> h.getSpec().getScaleTargetRef().getName().equals(name)).findFirst();
                int replicas = prodReplicas(set, name);
                int minimum = hpa.map(h -> Optional.ofNullable(h.getSpec().getMinReplicas()).orElse(1)).orElse(0);
                if (Math.max(replicas, minimum) < 2) {
                    violations.add(name + " runs fewer than 2 replicas in prod");
                }
                if (hpa.isPresent() && set.rendered() && set.find(Deployment.class, name).get().getSpec()
                        .getReplicas() != null) {
                    violations.add(name + ": the HPA owns its replicas, yet the Deployment sets replicas");
                }
            }
            for (String scaled : List.of("telemetry-ingest", Repo.PARSE_SERVER)) {
                if (autoscalers.stream().noneMatch(h -> h.getSpec().getScaleTargetRef().getName().equals(scaled))) {
                    violations.add("prod needs an HPA for " + scaled);
                }
            }
        }
        assertThat(violations).as(set.name()).isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    /** "source:port" for every peer allowed to reach the pods of a workload, per the set's NetworkPolicies. */
    private static Set<String> allowedSources(ManifestSet set, String workloadName) {
        Map<String, String> labels = Pods.podLabels(set, workloadName);
        Set<String> sources = new LinkedHashSet<>();
        for (NetworkPolicy policy : set.all(NetworkPolicy.class)) {
            if (!Pods.selects(policy.getSpec().getPodSelector(), labels)) {
                continue;
            }
            for (NetworkPolicyIngressRule rule : Optional.ofNullable(policy.getSpec().getIngress()).orElse(List.of())) {
                List<String> ports = rule.getPorts() == null || rule.getPorts().isEmpty() ? List.of("any port")
                        : rule.getPorts().stream().map(NetworkPolicyPort::getPort)
                                .map(p -> p == null ? "any port" : String.valueOf(p.getIntVal() != null
                                        ? p.getIntVal() : p.getStrVal())).toList();
                List<String> peers = new ArrayList<>();
                if (rule.getFrom() == null || rule.getFrom().isEmpty()) {
                    peers.add("anyone");
                }
                for (NetworkPolicyPeer peer : Optional.ofNullable(rule.getFrom()).orElse(List.of())) {
                    if (peer.getIpBlock() != null) {
                        peers.add("ipBlock " + peer.getIpBlock().getCidr());
                    } else if (peer.getNamespaceSelector() != null) {
                        var matchLabels = peer.getNamespaceSelector().getMatchLabels();
                        String namespace = matchLabels == null ? null : matchLabels.get("kubernetes.io/metadata.name");
                        peers.add(namespace == null || peer.getPodSelector() != null
                                || matchLabels.size() != 1 ? "namespaces " + peer.getNamespaceSelector()
                                : "namespace " + namespace);
                    } else {
                        List<String> selected = Pods.workloads(set).stream()
                                .filter(w -> Pods.selects(peer.getPodSelector(), w.labels()))
                                .map(Pods.Workload::name).toList();
                        if (selected.isEmpty()) {
                            peers.add("pods " + peer.getPodSelector());
                        }
                        peers.addAll(selected);
                    }
                }
                for (String peer : peers) {
                    for (String port : ports) {
                        sources.add(peer + ":" + port);
                    }
                }
            }
        }
        return sources;
    }

    private static int prodReplicas(ManifestSet set, String deployment) {
        Optional<Integer> patched = set.patches().stream().filter(Deployment.class::isInstance)
                .map(Deployment.class::cast).filter(d -> d.getMetadata().getName().equals(deployment))
                .map(d -> d.getSpec().getReplicas()).filter(Objects::nonNull).findFirst();
        if (patched.isPresent()) {
            return patched.get();
        }
        if (!set.rendered()) {
            return 0; // only the HPA counts for a Deployment prod does not patch
        }
        return Optional.ofNullable(set.find(Deployment.class, deployment).get().getSpec().getReplicas()).orElse(0);
    }

    private static void checkUrlNamesAService(ManifestSet set, String what, String url, String service,
            String path, List<String> violations) {
        if (url == null) {
            violations.add(what + " is not set");
            return;
        }
        URI uri = URI.create(url);
        Optional<Service> target = set.find(Service.class, uri.getHost());
        if (!service.equals(uri.getHost()) || target.isEmpty()
                || target.get().getSpec().getPorts().stream().noneMatch(p -> p.getPort() == uri.getPort())
                || !path.equals(uri.getPath())) {
            violations.add(what + "=" + url + " does not name Service " + service + " on one of its ports and path "
                    + path);
        }
    }

    /** A container's environment as far as the set knows it: literal values, envFrom ConfigMaps, ConfigMap keys. */
    private static Map<String, String> literalEnv(ManifestSet set, Container container) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (EnvFromSource from : Optional.ofNullable(container.getEnvFrom()).orElse(List.of())) {
            if (from.getConfigMapRef() != null) {
                env.putAll(set.configMaps().getOrDefault(from.getConfigMapRef().getName(), Map.of()));
            }
        }
        for (EnvVar var : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
            if (var.getValue() != null) {
                env.put(var.getName(), var.getValue());
            } else if (var.getValueFrom() != null && var.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = var.getValueFrom().getConfigMapKeyRef();
                String value = set.configMaps().getOrDefault(ref.getName(), Map.of()).get(ref.getKey());
                if (value != null) {
                    env.put(var.getName(), value);
                }
            }
        }
        return env;
    }

    private static int parseServerPort(ManifestSet set) {
        String port = literalEnv(set, container(set, Repo.PARSE_SERVER)).get("PARSE_PORT");
        return port == null ? Repo.parseServerDefaultPort() : Integer.parseInt(port);
    }

    private static Container container(ManifestSet set, String name) {
        return Pods.workload(set, name).orElseThrow(() -> new AssertionError(set.name() + ": no workload " + name))
                .template().getSpec().getContainers().stream().filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(set.name() + ": no container " + name));
    }

    private static Map<String, String> labels(HasMetadata resource) {
        return resource.getMetadata().getLabels() == null ? Map.of() : resource.getMetadata().getLabels();
    }

    private static String id(HasMetadata resource) {
        return resource.getKind() + "/" + resource.getMetadata().getName();
    }
}
