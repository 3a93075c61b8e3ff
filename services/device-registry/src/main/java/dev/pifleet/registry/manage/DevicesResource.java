package dev.pifleet.registry.manage;

import dev.pifleet.device.DeviceId;
import dev.pifleet.fleet.FleetTags;
import dev.pifleet.service.ApiScope;
import dev.pifleet.session.SessionVerifier;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/devices")
@Tag(name = "devices")
@Produces(MediaType.APPLICATION_JSON)
public class DevicesResource {

    private final SessionVerifier sessions;
    private final OwnedDevices devices;

    DevicesResource(SessionVerifier sessions, OwnedDevices devices) {
        this.sessions = sessions;
        this.devices = devices;
    }

    @GET
    @RunOnVirtualThread
    @Operation(summary = "The caller's devices (with tag: those carrying it), most recently seen first, never-seen last; "
            + "each with its tags, the agent's last report and its config state")
    public Answers.DeviceList list(@QueryParam("tag") @Pattern(regexp = FleetTags.PATTERN, message = FleetTags.MESSAGE) String tag,
            @Context HttpHeaders headers) {
        return new Answers.DeviceList(true, devices.list(userId(headers, ApiScope.READ), tag));
    }

    @GET
    @Path("/{deviceId}")
    @RunOnVirtualThread
    @Operation(summary = "One of the caller's devices; 404 if absent or not the caller's")
    public Answers.OneDevice get(@PathParam("deviceId") @DeviceId String deviceId, @Context HttpHeaders headers) {
        return new Answers.OneDevice(true, devices.get(userId(headers, ApiScope.READ), deviceId));
    }

    @PATCH
    @Path("/{deviceId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    @Operation(summary = "Rename one of the caller's devices and/or replace its tags: {name?, tags?}")
    public Answers.OneDevice update(@PathParam("deviceId") @DeviceId String deviceId, @Valid @NotNull DeviceUpdate body,
            @Context HttpHeaders headers) {
        return new Answers.OneDevice(true, devices.update(userId(headers, ApiScope.DEVICES), deviceId, body));
    }

    @POST
    @Path("/{deviceId}/rotate-key")
    @RunOnVirtualThread
    @Operation(summary = "Replace the API key; the old one stops working. A Pi paired by code collects the new key "
            + "itself (apiKey null); otherwise the new key is in the answer, once")
    public Answers.NewKey rotateKey(@PathParam("deviceId") @DeviceId String deviceId, @Context HttpHeaders headers) {
        return devices.rotateKey(userId(headers, ApiScope.DEVICES), deviceId)
                .map(apiKey -> new Answers.NewKey(true, apiKey, false))
                .orElseGet(() -> new Answers.NewKey(true, null, true));
    }

    @DELETE
    @Path("/{deviceId}")
    @RunOnVirtualThread
    @Operation(summary = "Remove a device: its key is revoked and it can be claimed again; purge=true also deletes its readings")
    public Answers.Done delete(@PathParam("deviceId") @DeviceId String deviceId,
            @QueryParam("purge") @DefaultValue("false") boolean purge, @Context HttpHeaders headers) {
        devices.delete(userId(headers, ApiScope.DEVICES), deviceId, purge);
        return Answers.Done.OK;
    }

    private String userId(HttpHeaders headers, ApiScope scope) {
        return sessions.authenticate(headers, scope).userId();
    }
}
