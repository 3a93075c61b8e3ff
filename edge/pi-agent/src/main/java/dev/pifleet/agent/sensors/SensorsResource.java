package dev.pifleet.agent.sensors;

import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * {@code GET /sensors}: one live reading of every configured sensor (what {@code pifleet-agent sensors} prints), for
 * checking the wiring. A failing sensor answers its error in its entry; the others are still read.
 */
@Path("/sensors")
@Produces(MediaType.APPLICATION_JSON)
@RunOnVirtualThread
public class SensorsResource {

    public record SensorsAnswer(boolean success, List<SensorSampler.LiveReading> sensors) {
    }

    private final SensorSampler sampler;

    SensorsResource(SensorSampler sampler) {
        this.sampler = sampler;
    }

    @GET
    public SensorsAnswer readNow() {
        return new SensorsAnswer(true, sampler.readNow());
    }
}
