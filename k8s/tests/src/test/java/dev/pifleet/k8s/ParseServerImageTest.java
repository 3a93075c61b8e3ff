package dev.pifleet.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** parse-server/Dockerfile builds the image the manifests expect: its user, port and bind address. */
class ParseServerImageTest {

    private static String dockerfile() throws IOException {
        return Files.readString(Repo.root().resolve("parse-server/Dockerfile"));
    }

    private static Deployment parseDeployment() {
        return ManifestSets.sourceSet("base").find(Deployment.class, Repo.PARSE_SERVER).orElseThrow();
    }

    @Test
    void runsAsTheNumericNonRootUserThePodDeclares() throws IOException {
        Matcher user = Pattern.compile("(?m)^USER\\s+(\\d+)(?::(\\d+))?\\s*$").matcher(dockerfile());
        assertThat(user.find()).as("a numeric USER, so runAsNonRoot can verify it").isTrue();
        long uid = Long.parseLong(user.group(1));
        assertThat(uid).isNotZero();
        assertThat(parseDeployment().getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser())
                .isEqualTo(uid);
    }

    @Test
    void exposesThePortTheContainerDeclaresAndListensOnEveryInterface() throws IOException {
        String dockerfile = dockerfile();
        int containerPort = parseDeployment().getSpec().getTemplate().getSpec().getContainers().get(0).getPorts()
                .get(0).getContainerPort();
        assertThat(dockerfile).containsPattern("(?m)^EXPOSE\\s+" + containerPort + "\\s*$");
        assertThat(dockerfile).contains("PARSE_BIND=0.0.0.0");
    }

    @Test
    void installsExactlyTheLockfileWithoutDevDependenciesOnAPinnedNodeBase() throws IOException {
        String dockerfile = dockerfile();
        assertThat(dockerfile).contains("npm ci --omit=dev").contains("package-lock.json");
        Matcher from = Pattern.compile("(?m)^FROM\\s+node:(\\S+)").matcher(dockerfile);
        assertThat(from.find()).isTrue();
        assertThat(from.group(1)).doesNotStartWith("latest").matches("(20|22|24)[-.].*");
        assertThat(dockerfile).doesNotContain("HEALTHCHECK");
        List<String> ignored = Files.readAllLines(Repo.root().resolve("parse-server/.dockerignore"));
        assertThat(ignored).contains("node_modules");
    }
}
