package dev.pifleet.registry.rollout;

import dev.pifleet.fleet.ConfigRow;
import dev.pifleet.fleet.DeviceConfigStore;
import dev.pifleet.fleet.FleetDevice;
import dev.pifleet.devicestore.DeviceStore;
import dev.pifleet.devicestore.StoredDevice;
import dev.pifleet.registry.release.Release;
import dev.pifleet.registry.release.ReleaseStore;
import dev.pifleet.registry.rollout.RolloutProgress.Evaluation;
import dev.pifleet.service.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Staged rollouts (docs/ota.md). A wave's devices get the offer in their desired document; the next wave starts when
 * every device offered so far has finished and the failures not accepted by a resume are within {@code maxFailures};
 * one more failure pauses the rollout with the reason, and no later wave is offered until the owner resumes. Every
 * automatic step is taken by whoever looks first (the owner's GET or the sweep, on any replica), arbitrated by a
 * unique {@code RolloutStep} key: "start-k", "pause-k-a" (a = failures accepted so far), "complete", "cancel".
 */
@ApplicationScoped
public class Rollouts {

    private final RolloutStore store;
    private final ReleaseStore releases;
    private final DeviceStore devices;
    private final DeviceConfigStore configs;

    Rollouts(RolloutStore store, ReleaseStore releases, DeviceStore devices, DeviceConfigStore configs) {
        this.store = store;
        this.releases = releases;
        this.devices = devices;
        this.configs = configs;
    }

    public record RolloutView(String id, String version, String state, String reason, List<Integer> waves,
            int currentWave, int maxFailures, int failures, boolean allowDowngrade, Instant createdAt,
            List<RolloutProgress.DeviceView> devices, List<String> notFound) {
    }

    public RolloutView create(String userId, RolloutRequest request, Instant at) {
        request.requireTarget();
        request.requireValidWaves();
        Release release = releases.find(request.version)
                .orElseThrow(() -> ApiException.badRequest("version", "no release " + request.version + " is published"));
        List<StoredDevice> owned = devices.listOwned(userId, request.tag);
        Map<String, StoredDevice> byDeviceId = new HashMap<>();
        owned.forEach(device -> byDeviceId.put(device.deviceId(), device));
        List<String> named = request.deviceIds != null ? new ArrayList<>(new LinkedHashSet<>(request.deviceIds))
                : owned.stream().map(StoredDevice::deviceId).toList();
        List<String> found = named.stream().filter(byDeviceId::containsKey).sorted().toList();
        List<String> notFound = named.stream().filter(deviceId -> !byDeviceId.containsKey(deviceId)).toList();
        if (found.isEmpty()) {
            throw ApiException.badRequest(request.tag != null ? "tag" : "deviceIds", "names none of your devices");
        }
        List<Integer> waveOf = RolloutProgress.assign(found.size(), request.waves);
        Map<String, StoredRollout.Target> targets = new LinkedHashMap<>();
        for (int i = 0; i < found.size(); i++) {
            targets.put(byDeviceId.get(found.get(i)).objectId(), new StoredRollout.Target(found.get(i), waveOf.get(i)));
        }
        StoredRollout rollout = store.create(new StoredRollout(null, userId, release.version(), release.url(),
                release.sha256(), release.size(), release.signature(), Boolean.TRUE.equals(request.allowDowngrade),
                List.copyOf(request.waves), request.maxFailures, RolloutState.RUNNING, -1, null, 0, targets, at));
        RolloutView view = advance(rollout, at);
        return new RolloutView(view.id(), view.version(), view.state(), view.reason(), view.waves(), view.currentWave(),
                view.maxFailures(), view.failures(), view.allowDowngrade(), view.createdAt(), view.devices(), notFound);
    }

    /** The caller's rollout as it stands now (taking any step that is due first); another user's is 404. */
    public RolloutView view(String userId, String id, Instant at) {
        return advance(owned(userId, id), at);
    }

    public List<RolloutView> list(String userId, Instant at) {
        return store.listOwned(userId, 50).stream().map(rollout -> view(rollout, evaluate(rollout))).toList();
    }

    public RolloutView pause(String userId, String id, Instant at) {
        StoredRollout rollout = owned(userId, id);
        if (rollout.state().over()) {
            throw ApiException.conflict("rollout_over", "the rollout is " + rollout.state().wireName());
        }
        if (rollout.state() == RolloutState.RUNNING) {
            store.setState(id, RolloutState.PAUSED, "paused by the owner");
        }
        return view(userId, id, at);
    }

    /** Runs again; the failures so far are accepted (they no longer count against maxFailures). */
    public RolloutView resume(String userId, String id, Instant at) {
        StoredRollout rollout = owned(userId, id);
        if (rollout.state().over()) {
            throw ApiException.conflict("rollout_over", "the rollout is " + rollout.state().wireName());
        }
        if (rollout.state() == RolloutState.PAUSED) {
            store.resume(id, evaluate(rollout).failures());
        }
        return view(userId, id, at);
    }

    /** Stops it: no further wave, and devices that have not started on their offer lose it. */
    public RolloutView cancel(String userId, String id, Instant at) {
        StoredRollout rollout = owned(userId, id);
        if (rollout.state() == RolloutState.COMPLETED) {
            throw ApiException.conflict("rollout_over", "the rollout is completed");
        }
        if (store.firstToTake(id, "cancel", at)) {
            store.setState(id, RolloutState.CANCELLED, "cancelled by the owner");
            Evaluation evaluation = evaluate(rollout);
            List<FleetDevice> untouched = new ArrayList<>();
            rollout.devices().forEach((objectId, target) -> evaluation.devices().stream()
                    .filter(device -> device.deviceId().equals(target.deviceId()) && device.state().equals("offered"))
                    .findFirst().ifPresent(device -> untouched.add(new FleetDevice(objectId, target.deviceId(), userId))));
            configs.withdrawAll(untouched, id, at);
        }
        return view(userId, id, at);
    }

    /** The sweep: every running rollout takes its due step. */
    public int sweep(Instant at) {
        int stepped = 0;
        for (StoredRollout rollout : store.running()) {
            int before = rollout.wave();
            RolloutView after = advance(rollout, at);
            if (after.currentWave() != before || !after.state().equals(RolloutState.RUNNING.wireName())) {
                stepped++;
            }
        }
        return stepped;
    }

    /** Takes the steps that are due, one after another (an empty wave finishes at once), and answers the result. */
    private RolloutView advance(StoredRollout rollout, Instant at) {
        StoredRollout current = rollout;
        for (int guard = 0; guard <= current.waves().size() + 1; guard++) {
            Evaluation evaluation = current.wave() < 0 ? null : evaluate(current);
            RolloutProgress.Next next = evaluation == null ? RolloutProgress.Next.START_NEXT_WAVE : evaluation.next();
            if (current.state() != RolloutState.RUNNING || next == RolloutProgress.Next.NONE) {
                return view(current, evaluation == null ? evaluate(current) : evaluation);
            }
            switch (next) {
                case PAUSE -> {
                    if (store.firstToTake(current.id(), "pause-" + current.wave() + "-" + current.acceptedFailures(), at)) {
                        store.setState(current.id(), RolloutState.PAUSED, evaluation.reason());
                    }
                }
                case COMPLETE -> {
                    if (store.firstToTake(current.id(), "complete", at)) {
                        store.setState(current.id(), RolloutState.COMPLETED, null);
                    }
                }
                case START_NEXT_WAVE -> {
                    int wave = current.wave() + 1;
                    if (store.firstToTake(current.id(), "start-" + wave, at)) {
                        configs.offerAll(devicesOf(current, wave), current.offer(), at);
                        store.setWave(current.id(), wave);
                    }
                }
                default -> throw new IllegalStateException("unreachable");
            }
            StoredRollout reread = store.get(current.id()).orElseThrow();
            if (reread.wave() == current.wave() && reread.state() == current.state()) {
                // Another caller holds the step and has not written it yet: it will; show what is stored.
                return view(reread, evaluate(reread));
            }
            current = reread;
        }
        return view(current, evaluate(current));
    }

    private List<FleetDevice> devicesOf(StoredRollout rollout, int wave) {
        List<FleetDevice> inWave = new ArrayList<>();
        rollout.devices().forEach((objectId, target) -> {
            if (target.wave() == wave) {
                inWave.add(new FleetDevice(objectId, target.deviceId(), rollout.ownerId()));
            }
        });
        return inWave;
    }

    private Evaluation evaluate(StoredRollout rollout) {
        Map<String, ConfigRow> rows = configs.forOwner(rollout.ownerId());
        return RolloutProgress.evaluate(rollout, rows);
    }

    private StoredRollout owned(String userId, String id) {
        return store.get(id).filter(rollout -> rollout.ownerId().equals(userId))
                .orElseThrow(() -> ApiException.notFound("no such rollout"));
    }

    private static RolloutView view(StoredRollout rollout, Evaluation evaluation) {
        return new RolloutView(rollout.id(), rollout.version(), rollout.state().wireName(), rollout.reason(),
                rollout.waves(), rollout.wave(), rollout.maxFailures(), evaluation.failures(), rollout.allowDowngrade(),
                rollout.createdAt(), evaluation.devices(), List.of());
    }
}
