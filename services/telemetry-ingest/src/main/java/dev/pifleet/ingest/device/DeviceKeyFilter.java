package dev.pifleet.ingest.device;

import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletionException;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * Resolves the device key of a {@link DeviceKeyRequired} resource before its body is read, so that an anonymous
 * request costs no body parsing: a missing or malformed key is refused at once, an unknown one after the (cached)
 * lookup. The device found is handed to the resource ({@link #device}), which so needs no second lookup.
 */
public class DeviceKeyFilter {

    private static final String DEVICE = DeviceKeyFilter.class.getName() + ".device";

    private final DeviceKeyCache keys;

    DeviceKeyFilter(DeviceKeyCache keys) {
        this.keys = keys;
    }

    @ServerRequestFilter(nonBlocking = true)
    Uni<Response> requireDeviceKey(SimpleResourceInfo resource, HttpHeaders headers, RoutingContext request) {
        if (!resource.getResourceClass().isAnnotationPresent(DeviceKeyRequired.class)) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().completionStage(keys.authenticateAsync(headers.getHeaderString(HttpHeaders.AUTHORIZATION)))
                .onFailure(CompletionException.class).transform(Throwable::getCause)
                .map(device -> {
                    request.put(DEVICE, device);
                    return (Response) null;
                });
    }

    /** The device whose key authenticated this request of a {@link DeviceKeyRequired} resource. */
    public static DeviceIdentity device(RoutingContext request) {
        DeviceIdentity device = request.get(DEVICE);
        if (device == null) {
            throw new IllegalStateException("DeviceKeyFilter did not run for " + request.request().path());
        }
        return device;
    }
}
