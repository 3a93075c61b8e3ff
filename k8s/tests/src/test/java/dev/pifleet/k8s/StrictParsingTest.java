package dev.pifleet.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parser the invariants stand on refuses what the API server would refuse. */
class StrictParsingTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: demo
            spec:
              %s
              selector:
                matchLabels:
                  app: demo
              template:
                metadata:
                  labels:
                    app: demo
                spec:
                  containers:
                    - name: demo
                      image: pifleet/demo:1.0.0
                      %s
            """;

    @Test
    void aWellFormedDeploymentParses() {
        var resources = KubeYaml.read(DEPLOYMENT.formatted("replicas: 2", "imagePullPolicy: IfNotPresent"), "t");
        assertThat(resources).singleElement().isInstanceOf(Deployment.class);
        assertThat(((Deployment) resources.get(0)).getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void aMisspelledFieldIsRefused() {
        assertThatThrownBy(() -> KubeYaml.read(DEPLOYMENT.formatted("replicas: 2", "imagePulPolicy: Always"), "t"))
                .hasMessageContaining("imagePulPolicy");
        assertThatThrownBy(() -> KubeYaml.read(DEPLOYMENT.formatted("replica: 2", ""), "t"))
                .hasMessageContaining("replica");
    }

    @Test
    void aStringWhereANumberBelongsIsRefused() {
        assertThatThrownBy(() -> KubeYaml.read(DEPLOYMENT.formatted("replicas: \"2\"", ""), "t"))
                .hasMessageContaining("does not match the Kubernetes model");
    }

    @Test
    void anUnknownKindIsRefused() {
        assertThatThrownBy(() -> KubeYaml.read("apiVersion: v1\nkind: Serivce\nmetadata:\n  name: x\n", "t"))
                .hasMessageContaining("unknown or unexpected apiVersion/kind v1/Serivce");
    }

    @Test
    void aMisspelledKustomizationKeyIsRefused(@org.junit.jupiter.api.io.TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resource:
                  - deployment.yaml
                """);
        assertThatThrownBy(() -> Kustomization.read(folder)).hasMessageContaining("resource");
    }

    @Test
    void everyManifestFileInK8sIsReadByAKustomization() throws IOException {
        // A file no kustomization lists is never deployed and never checked: refuse strays.
        List<Path> files;
        try (var walk = Files.walk(Repo.k8s(""))) {
            files = walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .filter(p -> !p.startsWith(Repo.k8s("tests")))
                    .filter(p -> !p.getFileName().toString().equals("kustomization.yaml")).toList();
        }
        for (Path file : files) {
            Path folder = file.getParent();
            Kustomization kustomization = Kustomization.read(folder);
            String name = file.getFileName().toString();
            boolean listed = kustomization.resourcesOrEmpty().contains(name)
                    || kustomization.patchesOrEmpty().stream().anyMatch(p -> name.equals(p.path()));
            assertThat(listed).as(file + " is listed by " + folder.resolve("kustomization.yaml")).isTrue();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(8);
    }
}
