package dev.pifleet.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The part of kustomize's Kustomization that pifleet uses. Read strictly (a misspelled key fails), so a typo
 * such as {@code resource:} cannot silently drop every manifest.
 */
record Kustomization(
        String apiVersion,
        String kind,
        String namespace,
        List<Labels> labels,
        List<String> resources,
        List<Patch> patches,
        List<Generator> configMapGenerator,
        List<Generator> secretGenerator,
        List<Image> images) {

    record Labels(Map<String, String> pairs, Boolean includeSelectors, Boolean includeTemplates) {
    }

    record Generator(String name, String behavior, List<String> literals, List<String> envs, List<String> files,
            String type) {
    }

    record Patch(String path, String patch, Target target) {
    }

    record Target(String group, String version, String kind, String name, String namespace, String labelSelector) {
    }

    record Image(String name, String newName, String newTag, String digest) {
    }

    /** One JSON 6902 operation of an inline patch. */
    record JsonPatchOperation(String op, String path, JsonNode value, String from) {
    }

    static Kustomization read(Path folder) {
        Path file = folder.resolve("kustomization.yaml");
        try {
            Kustomization kustomization = KubeYaml.MAPPER.readValue(file.toFile(), Kustomization.class);
            if (!"kustomize.config.k8s.io/v1beta1".equals(kustomization.apiVersion())
                    || !"Kustomization".equals(kustomization.kind())) {
                throw new IllegalArgumentException(file + ": not a kustomize.config.k8s.io/v1beta1 Kustomization");
            }
            return kustomization;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    List<String> resourcesOrEmpty() {
        return resources == null ? List.of() : resources;
    }

    List<Patch> patchesOrEmpty() {
        return patches == null ? List.of() : patches;
    }

    List<Generator> configMapGeneratorsOrEmpty() {
        return configMapGenerator == null ? List.of() : configMapGenerator;
    }

    List<Generator> secretGeneratorsOrEmpty() {
        return secretGenerator == null ? List.of() : secretGenerator;
    }
}
