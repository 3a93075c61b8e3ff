package dev.pifleet.ingest.readings;

import dev.pifleet.ingest.history.ReadingPageAnswer;
import dev.pifleet.ingest.history.ReadingHistory;
import dev.pifleet.device.DeviceId;
import dev.pifleet.ingest.export.CsvExport;
import dev.pifleet.ingest.series.OverviewAnswer;
import dev.pifleet.ingest.series.ReadingSeries;
import dev.pifleet.ingest.series.SensorsAnswer;
import dev.pifleet.ingest.series.SeriesAnswer;
import dev.pifleet.service.ApiScope;
import dev.pifleet.session.SessionVerifier;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/readings")
@Tag(name = "readings")
public class ReadingsResource {

    private final SessionVerifier sessions;
    private final ReadingHistory history;
    private final ReadingSeries series;
    private final CsvExport csv;

    ReadingsResource(SessionVerifier sessions, ReadingHistory history, ReadingSeries series, CsvExport csv) {
        this.sessions = sessions;
        this.history = history;
        this.series = series;
        this.csv = csv;
    }

    @GET
    @Path("/{deviceId}")
    @Produces(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    @Operation(summary = "The caller's device's readings, oldest first, from <= timestamp < to, paged by cursor")
    public ReadingPageAnswer readings(@Context HttpHeaders headers, @PathParam("deviceId") @DeviceId String deviceId,
            @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit,
            @QueryParam("cursor") String cursor) {
        String userId = sessions.authenticate(headers, ApiScope.READ).userId();
        return history.page(userId, deviceId, from, to, limit, cursor);
    }

    @GET
    @Path("/{deviceId}/series")
    @Produces(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    @Operation(summary = "One sensor's values in [from, to) as at most `points` step-aligned buckets of count, min, max, avg")
    public SeriesAnswer series(@Context HttpHeaders headers, @PathParam("deviceId") @DeviceId String deviceId,
            @QueryParam("sensor") String sensor, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("points") @DefaultValue("500") @Min(1) @Max(2000) int points) {
        String userId = sessions.authenticate(headers, ApiScope.READ).userId();
        return series.series(userId, deviceId, sensor, from, to, points);
    }

    @GET
    @Path("/{deviceId}/overview")
    @Produces(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    @Operation(summary = "A device page's refresh in one answer: every numeric sensor's series in [from, to) at one "
            + "step, each sensor's latest value, and the table of steps")
    public OverviewAnswer overview(@Context HttpHeaders headers, @PathParam("deviceId") @DeviceId String deviceId,
            @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("points") @DefaultValue("500") @Min(1) @Max(2000) int points) {
        String userId = sessions.authenticate(headers, ApiScope.READ).userId();
        return series.overview(userId, deviceId, from, to, points);
    }

    @GET
    @Path("/{deviceId}/sensors")
    @Produces(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    @Operation(summary = "The names of the sensors with numeric values in [from, to), sorted")
    public SensorsAnswer sensors(@Context HttpHeaders headers, @PathParam("deviceId") @DeviceId String deviceId,
            @QueryParam("from") String from, @QueryParam("to") String to) {
        String userId = sessions.authenticate(headers, ApiScope.READ).userId();
        return series.sensors(userId, deviceId, from, to);
    }

    @GET
    @Path("/{deviceId}/export.csv")
    @Produces("text/csv; charset=utf-8")
    @RunOnVirtualThread
    @Operation(summary = "The readings in [from, to) as CSV: timestamp, id, one column per sensor; oldest first")
    public Response export(@Context HttpHeaders headers, @PathParam("deviceId") @DeviceId String deviceId,
            @QueryParam("from") String from, @QueryParam("to") String to) {
        String userId = sessions.authenticate(headers, ApiScope.READ).userId();
        CsvExport.Download download = csv.export(userId, deviceId, from, to);
        return Response.ok(download.body(), "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + download.fileName() + "\"")
                .build();
    }
}
