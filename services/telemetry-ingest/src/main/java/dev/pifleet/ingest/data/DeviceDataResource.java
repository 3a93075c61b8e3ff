package dev.pifleet.ingest.data;

import dev.pifleet.ingest.device.DeviceKeyFilter;
import dev.pifleet.ingest.device.DeviceKeyRequired;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@DeviceKeyRequired
@Path("/api/device/data")
@Tag(name = "device")
public class DeviceDataResource {

    private final ReadingIngest ingest;

    DeviceDataResource(ReadingIngest ingest) {
        this.ingest = ingest;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Store one reading ({sensors, timestamp}) or a batch ({readings: [...]}, at most 500)",
            description = "Answers only after the readings are stored. Authorization: Device <apiKey>.")
    public CompletionStage<DataAnswer> store(@Context RoutingContext context, DataRequest request) {
        // Non-blocking, on the event loop: DeviceKeyFilter resolved the key before the body was read; the validation
        // is in memory, the rest is a group commit.
        return ingest.store(DeviceKeyFilter.device(context), request);
    }
}
