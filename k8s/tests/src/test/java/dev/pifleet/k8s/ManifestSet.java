package dev.pifleet.k8s;

import com.fasterxml.jackson.core.type.TypeReference;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The objects of one deployable unit: either the sources of a kustomization (its resources, recursively, plus
 * its generators and patches, all parsed strictly) or the output of {@code kubectl kustomize}.
 *
 * @param name            what the tests call it, e.g. "prod (kubectl kustomize)"
 * @param overlay         "base", "dev" or "prod"
 * @param rendered        true for kubectl's output: patches applied, generated names hashed
 * @param resources       every object
 * @param patches         the objects of strategic-merge patches (sources only)
 * @param configMaps      ConfigMap name → its known data (from resources and generators)
 * @param secrets         Secret name → its known keys
 * @param providedOutside Secrets the operator creates in the cluster (never in git), e.g. prod's
 * @param namespaces      the {@code namespace:} of every kustomization read (sources only)
 */
record ManifestSet(String name, String overlay, boolean rendered, List<HasMetadata> resources,
        List<HasMetadata> patches, Map<String, Map<String, String>> configMaps, Map<String, Set<String>> secrets,
        Set<String> providedOutside, List<String> namespaces) {

    @Override
    public String toString() {
        return name;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst();
    }

    boolean hasSecret(String name) {
        return secrets.containsKey(name) || providedOutside.contains(name);
    }

    /** Empty when the Secret is provided outside git: its keys are unknown here. */
    Optional<Set<String>> secretKeys(String name) {
        return Optional.ofNullable(secrets.get(name));
    }

    static ManifestSet sources(Path folder, String name, String overlay, Set<String> providedOutside) {
        Builder builder = new Builder();
        builder.load(folder);
        return new ManifestSet(name, overlay, false, builder.resources, builder.patches, builder.configMaps,
                builder.secrets, providedOutside, builder.namespaces);
    }

    static ManifestSet rendered(String yaml, String name, String overlay, Set<String> providedOutside) {
        List<HasMetadata> resources = KubeYaml.read(yaml, name);
        Map<String, Map<String, String>> configMaps = new LinkedHashMap<>();
        Map<String, Set<String>> secrets = new LinkedHashMap<>();
        for (HasMetadata resource : resources) {
            if (resource instanceof ConfigMap configMap) {
                configMaps.put(configMap.getMetadata().getName(),
                        configMap.getData() == null ? Map.of() : configMap.getData());
            } else if (resource instanceof Secret secret) {
                Set<String> keys = new LinkedHashSet<>();
                if (secret.getData() != null) {
                    keys.addAll(secret.getData().keySet());
                }
                if (secret.getStringData() != null) {
                    keys.addAll(secret.getStringData().keySet());
                }
                secrets.put(secret.getMetadata().getName(), keys);
            }
        }
        return new ManifestSet(name, overlay, true, resources, List.of(), configMaps, secrets, providedOutside,
                List.of());
    }

    private static final class Builder {
        final List<HasMetadata> resources = new ArrayList<>();
        final List<HasMetadata> patches = new ArrayList<>();
        final Map<String, Map<String, String>> configMaps = new LinkedHashMap<>();
        final Map<String, Set<String>> secrets = new LinkedHashMap<>();
        final List<String> namespaces = new ArrayList<>();

        void load(Path folder) {
            Kustomization kustomization = Kustomization.read(folder);
            namespaces.add(kustomization.namespace());
            for (String entry : kustomization.resourcesOrEmpty()) {
                Path path = folder.resolve(entry).normalize();
                if (Files.isDirectory(path)) {
                    load(path);
                } else if (Files.isRegularFile(path)) {
                    resources.addAll(KubeYaml.read(path));
                } else {
                    throw new IllegalArgumentException(folder + ": resource " + entry + " does not exist");
                }
            }
            for (Kustomization.Generator generator : kustomization.configMapGeneratorsOrEmpty()) {
                Map<String, String> data = "merge".equals(generator.behavior())
                        ? new LinkedHashMap<>(existing(configMaps, generator, folder))
                        : new LinkedHashMap<>();
                data.putAll(literals(generator, folder));
                configMaps.put(generator.name(), data);
            }
            for (Kustomization.Generator generator : kustomization.secretGeneratorsOrEmpty()) {
                Set<String> keys = "merge".equals(generator.behavior())
                        ? new LinkedHashSet<>(existing(secrets, generator, folder))
                        : new LinkedHashSet<>();
                keys.addAll(literals(generator, folder).keySet());
                secrets.put(generator.name(), keys);
            }
            for (HasMetadata resource : resources) {
                if (resource instanceof ConfigMap configMap && configMap.getData() != null) {
                    configMaps.putIfAbsent(configMap.getMetadata().getName(), configMap.getData());
                } else if (resource instanceof Secret secret) {
                    secrets.putIfAbsent(secret.getMetadata().getName(),
                            secret.getData() == null ? Set.of() : secret.getData().keySet());
                }
            }
            for (Kustomization.Patch patch : kustomization.patchesOrEmpty()) {
                readPatch(folder, patch);
            }
        }

        private static <V> V existing(Map<String, V> known, Kustomization.Generator generator, Path folder) {
            V value = known.get(generator.name());
            if (value == null) {
                throw new IllegalArgumentException(folder + ": generator " + generator.name()
                        + " merges into nothing: the base defines no such generator");
            }
            return value;
        }

        private static Map<String, String> literals(Kustomization.Generator generator, Path folder) {
            if (generator.envs() != null || generator.files() != null) {
                throw new IllegalArgumentException(folder + ": generator " + generator.name()
                        + " reads files; pifleet's generators use literals only (no secret files in git)");
            }
            Map<String, String> data = new LinkedHashMap<>();
            for (String literal : generator.literals() == null ? List.<String>of() : generator.literals()) {
                int equals = literal.indexOf('=');
                if (equals <= 0) {
                    throw new IllegalArgumentException(folder + ": literal without KEY=: " + literal);
                }
                data.put(literal.substring(0, equals), literal.substring(equals + 1));
            }
            return data;
        }

        private void readPatch(Path folder, Kustomization.Patch patch) {
            if (patch.path() != null) {
                patches.addAll(KubeYaml.read(folder.resolve(patch.path())));
                return;
            }
            String text = patch.patch();
            if (text == null || patch.target() == null) {
                throw new IllegalArgumentException(folder + ": an inline patch needs a patch and a target");
            }
            if (text.stripLeading().startsWith("-")) {
                try {
                    List<Kustomization.JsonPatchOperation> operations = KubeYaml.MAPPER.readValue(text,
                            new TypeReference<List<Kustomization.JsonPatchOperation>>() {
                            });
                    for (var operation : operations) {
                        if (!Set.of("add", "remove", "replace", "move", "copy", "test").contains(operation.op())
                                || operation.path() == null || !operation.path().startsWith("/")) {
                            throw new IllegalArgumentException(folder + ": bad JSON patch operation " + operation);
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalArgumentException(folder + ": inline JSON patch: " + e.getMessage(), e);
                }
            } else {
                patches.addAll(KubeYaml.read(text, folder + " inline patch"));
            }
        }
    }

}
