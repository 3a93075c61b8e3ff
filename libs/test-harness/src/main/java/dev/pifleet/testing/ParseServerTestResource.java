package dev.pifleet.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points the Quarkus app under test at the shared real Parse Server ({@link ParseStack}).
 * Use with {@code @WithTestResource(ParseServerTestResource.class)}.
 */
public class ParseServerTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return ParseStack.shared().parseServer().clientConfig();
    }

    @Override
    public void stop() {
        // The stack lives for the whole JVM so that test classes share it; its shutdown hook stops it.
    }
}
