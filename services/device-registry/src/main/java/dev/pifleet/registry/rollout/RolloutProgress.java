package dev.pifleet.registry.rollout;

import dev.pifleet.device.release.UpdateOffer;
import dev.pifleet.device.release.UpdateReport;
import dev.pifleet.fleet.ConfigRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Where a rollout stands, from its row and its devices' {@code DeviceConfig} rows (pure): each device's state, and what
 * should happen next. A device's state: {@code pending} until its wave starts; then {@code offered} while its desired
 * document carries this rollout's offer and it has reported nothing for it; then what it reports ({@code downloading}
 * ... {@code succeeded}, {@code failed}, {@code rolled-back}); {@code superseded} when a later rollout's offer replaced
 * this one before the device finished it (finished, not a failure).
 */
public final class RolloutProgress {

    public record DeviceView(String deviceId, int wave, String state, String reason, String runningVersion) {
    }

    /** What the next step is: none, pause (with the reason), start the next wave, or complete. */
    public enum Next { NONE, PAUSE, START_NEXT_WAVE, COMPLETE }

    public record Evaluation(List<DeviceView> devices, int failures, Next next, String reason) {
    }

    private RolloutProgress() {
    }

    public static Evaluation evaluate(StoredRollout rollout, Map<String, ConfigRow> rows) {
        List<DeviceView> views = new ArrayList<>();
        int failures = 0;
        boolean currentWaveFinished = true;
        List<String> failed = new ArrayList<>();
        for (Map.Entry<String, StoredRollout.Target> entry : rollout.devices().entrySet()) {
            StoredRollout.Target target = entry.getValue();
            ConfigRow row = rows.get(entry.getKey());
            DeviceView view = view(rollout, target, row);
            views.add(view);
            if (target.wave() > rollout.wave()) {
                continue;
            }
            boolean finished = switch (view.state()) {
                case "succeeded", "superseded" -> true;
                case "failed", "rolled-back" -> {
                    failed.add(view.deviceId() + ": " + view.state() + (view.reason() == null ? "" : " (" + view.reason() + ")"));
                    yield true;
                }
                default -> false;
            };
            if (!finished) {
                currentWaveFinished = false;
            }
        }
        failures = failed.size();
        views.sort(Comparator.comparingInt(DeviceView::wave).thenComparing(DeviceView::deviceId));
        if (rollout.state() != RolloutState.RUNNING) {
            return new Evaluation(views, failures, Next.NONE, null);
        }
        if (failures - rollout.acceptedFailures() > rollout.maxFailures()) {
            failed.sort(null);
            return new Evaluation(views, failures, Next.PAUSE, failures + " device(s) failed, more than maxFailures "
                    + rollout.maxFailures() + (rollout.acceptedFailures() > 0 ? " after the " + rollout.acceptedFailures()
                    + " accepted on resume" : "") + ": " + String.join("; ", failed.subList(0, Math.min(5, failed.size()))));
        }
        if (!currentWaveFinished) {
            return new Evaluation(views, failures, Next.NONE, null);
        }
        return new Evaluation(views, failures, rollout.lastWave(rollout.wave()) ? Next.COMPLETE : Next.START_NEXT_WAVE,
                null);
    }

    private static DeviceView view(StoredRollout rollout, StoredRollout.Target target, ConfigRow row) {
        String running = row == null || row.agent() == null ? null : row.agent().agentVersion();
        if (target.wave() > rollout.wave()) {
            return new DeviceView(target.deviceId(), target.wave(), "pending", null, running);
        }
        UpdateReport report = row == null ? null : row.update();
        if (report != null && rollout.id().equals(report.rolloutId())) {
            return new DeviceView(target.deviceId(), target.wave(), report.state(), report.reason(), running);
        }
        UpdateOffer offer = row == null ? null : row.desired().update();
        if (offer != null && rollout.id().equals(offer.rolloutId())) {
            return new DeviceView(target.deviceId(), target.wave(), "offered", null, running);
        }
        return new DeviceView(target.deviceId(), target.wave(), rollout.state() == RolloutState.CANCELLED ? "cancelled"
                : "superseded", null, running);
    }

    /**
     * Splits the devices (sorted) into waves by cumulative percent: wave i ends at ceil(percent_i × n / 100) devices.
     * A wave may be empty when there are few devices; it then finishes at once.
     */
    public static List<Integer> assign(int count, List<Integer> waves) {
        List<Integer> assignment = new ArrayList<>();
        int wave = 0;
        for (int i = 0; i < count; i++) {
            while ((long) i * 100 >= (long) waves.get(wave) * count) {
                wave++;
            }
            assignment.add(wave);
        }
        return assignment;
    }
}
