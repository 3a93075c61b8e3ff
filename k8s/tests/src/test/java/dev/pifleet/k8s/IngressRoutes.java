package dev.pifleet.k8s;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The Ingress paths of a set, matched as the Ingress API specifies (networking.k8s.io/v1). */
final class IngressRoutes {

    record Route(String ingress, String host, String path, String pathType, String service, String portName,
            Integer portNumber) {
    }

    private IngressRoutes() {
    }

    static List<Route> all(ManifestSet set) {
        List<Route> routes = new ArrayList<>();
        for (Ingress ingress : set.all(Ingress.class)) {
            for (IngressRule rule : ingress.getSpec().getRules()) {
                for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                    var backend = path.getBackend().getService();
                    routes.add(new Route(ingress.getMetadata().getName(), rule.getHost(), path.getPath(),
                            path.getPathType(), backend == null ? null : backend.getName(),
                            backend == null ? null : backend.getPort().getName(),
                            backend == null ? null : backend.getPort().getNumber()));
                }
            }
        }
        return routes;
    }

    /**
     * Exact: the whole path. Prefix: element by element ("/api/device" matches "/api/device/x", not
     * "/api/devices"); "/" matches everything.
     */
    static boolean matches(Route route, String requestPath) {
        return switch (route.pathType()) {
            case "Exact" -> route.path().equals(requestPath);
            case "Prefix" -> {
                String prefix = route.path().endsWith("/") ? route.path().substring(0, route.path().length() - 1)
                        : route.path();
                yield prefix.isEmpty() || requestPath.equals(prefix) || requestPath.startsWith(prefix + "/");
            }
            default -> throw new IllegalArgumentException("pathType " + route.pathType() + " has no defined matching");
        };
    }

    /** The route that serves a path: the longest matching path, Exact before Prefix on a tie. */
    static Optional<Route> resolve(ManifestSet set, String requestPath) {
        return all(set).stream().filter(r -> matches(r, requestPath))
                .max(Comparator.<Route>comparingInt(r -> r.path().length())
                        .thenComparing(r -> r.pathType().equals("Exact") ? 1 : 0));
    }
}
