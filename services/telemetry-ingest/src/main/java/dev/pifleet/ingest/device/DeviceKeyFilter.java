package dev.pifleet.ingest.device;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletionException;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * Resolves the device key of a {@link DeviceKeyRequired} resource before its body is read, so that an anonymous
 * request costs no body parsing: a missing or malformed key is refused at once, an unknown one after the (cached)
 * lookup. The resource asks {@link DeviceKeyCache} again and gets the cached answer.
 */
public class DeviceKeyFilter {

    private final DeviceKeyCache keys;

    DeviceKeyFilter(DeviceKeyCache keys) {
        this.keys = keys;
    }

    @ServerRequestFilter(nonBlocking = true)
    Uni<Response> requireDeviceKey(SimpleResourceInfo resource, HttpHeaders headers) {
        if (!resource.getResourceClass().isAnnotationPresent(DeviceKeyRequired.class)) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().completionStage(keys.authenticateAsync(headers.getHeaderString(HttpHeaders.AUTHORIZATION)))
                .onFailure(CompletionException.class).transform(Throwable::getCause)
                .map(device -> (Response) null);
    }
}
