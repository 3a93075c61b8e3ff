package dev.pifleet.agent;

import dev.pifleet.agent.cli.AgentCli;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the seed's {@code --env local|cloud} switch: it only selects the Quarkus profile of the same name
 * (an explicit {@code -Dquarkus.profile} also works, and wins when both are given). A first argument naming a CLI
 * command ({@code status}, {@code code}, ...) runs that command instead of the agent.
 */
@QuarkusMain
public final class AgentMain {

    private AgentMain() {
    }

    public static void main(String... args) {
        if (AgentCli.handles(args)) {
            System.exit(AgentCli.run(args));
        }
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String env = arg.startsWith("--env=") ? arg.substring("--env=".length())
                    : arg.equals("--env") && i + 1 < args.length ? args[++i] : null;
            if (env == null) {
                rest.add(arg);
            } else if (env.equals("local") || env.equals("cloud")) {
                if (System.getProperty("quarkus.profile") == null) {
                    System.setProperty("quarkus.profile", env);
                }
            } else {
                System.err.println("--env must be local or cloud, not " + env);
                System.exit(2);
            }
        }
        Quarkus.run(rest.toArray(String[]::new));
    }
}
