package dev.pifleet.fleet;

import dev.pifleet.device.fleet.AgentReport;
import dev.pifleet.device.fleet.ConfigReport;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Whether a heartbeat's report is worth a Parse write. It is when the device has no stored report, when anything an
 * owner acts on changed (agent version, OS, kernel, backlog, the config report, update progress), or when the stored
 * report is older
 * than the refresh interval; the numbers that drift with every heartbeat (uptime, oldest buffered age, free disk) alone
 * never cause a write sooner. A steady agent so costs one write per refresh interval, not one per heartbeat.
 */
public final class ReportCoalescing {

    private ReportCoalescing() {
    }

    public static boolean worthWriting(ConfigRow stored, AgentReport report, Instant now, Duration refresh) {
        AgentState agent = stored.agent();
        if (agent == null || agent.reportedAt() == null || !agent.reportedAt().plus(refresh).isAfter(now)) {
            return true;
        }
        return changed(report.agentVersion(), agent.agentVersion())
                || changed(report.os(), agent.os())
                || changed(report.kernel(), agent.kernel())
                || changed(report.backlog(), agent.backlog())
                || configChanged(report.config(), stored.reported())
                || changed(report.update(), stored.update());
    }

    /** A field the report leaves out keeps its stored value, so only a present, different value is a change. */
    private static boolean changed(Object reported, Object stored) {
        return reported != null && !reported.equals(stored);
    }

    private static boolean configChanged(ConfigReport reported, ConfigReport stored) {
        return reported != null && (stored == null || reported.version() != stored.version()
                || !Objects.equals(truncated(reported.appliedAt()), stored.appliedAt())
                || !Objects.equals(reported.error(), stored.error()));
    }

    /** Parse stores milliseconds. */
    private static Instant truncated(Instant instant) {
        return instant == null ? null : instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }
}
