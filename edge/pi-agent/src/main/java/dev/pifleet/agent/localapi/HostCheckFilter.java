package dev.pifleet.agent.localapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.pifleet.agent.AgentConfig;
import dev.pifleet.agent.AgentJson;
import dev.pifleet.service.ErrorBody;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/** Refuses, before anything else runs (CORS included), every request whose Host is not one of this Pi's names: 421. */
@Singleton
public class HostCheckFilter {

    private static final Logger LOG = Logger.getLogger(HostCheckFilter.class);
    /** Ahead of Quarkus's own filters (CORS is one). */
    private static final int PRIORITY = 1_000_000;

    private final HostCheck check;
    private final String refusal;

    HostCheckFilter(AgentConfig config) throws JsonProcessingException {
        List<String> names = new ArrayList<>(config.allowedHosts().orElse(List.of()));
        names.addAll(machineNames());
        this.check = new HostCheck(names);
        this.refusal = AgentJson.MAPPER.writeValueAsString(ErrorBody.of("misdirected_request",
                "this Pi does not answer to that host name; use its IP address, localhost, its own host name, or add the"
                        + " name to pifleet.agent.allowed-hosts"));
    }

    void register(@Observes Filters filters) {
        filters.register(context -> {
            if (check.allows(context.request().host())) {
                context.next();
            } else {
                context.response().setStatusCode(421)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end(refusal);
            }
        }, PRIORITY);
    }

    /** This machine's host name, and the mDNS name {@code <hostname>.local} (how a Pi is usually reached on a LAN). */
    private static List<String> machineNames() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            String shortName = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
            return List.of(name, shortName, shortName + ".local");
        } catch (UnknownHostException e) {
            LOG.warn("this machine's host name cannot be resolved; only IP addresses, localhost and"
                    + " pifleet.agent.allowed-hosts reach the local API");
            return List.of();
        }
    }
}
