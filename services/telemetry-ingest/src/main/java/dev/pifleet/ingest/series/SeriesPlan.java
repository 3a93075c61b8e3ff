package dev.pifleet.ingest.series;

import dev.pifleet.sensorlog.Resolution;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each part of a series comes from. Raw readings for the edges that are not whole minutes, for what the rollup
 * job has not surely summarised ({@code settled} and later), and for steps under a minute; in between, the coarsest
 * stored summary (day, hour, minute) that lies wholly inside one bucket of the step. Every part is disjoint, so
 * each reading is counted once.
 */
public final class SeriesPlan {

    /** A part of the range, read raw ({@code resolution} null) or from the summaries of one resolution. */
    public record Part(Resolution resolution, Instant from, Instant to) {

        public boolean raw() {
            return resolution == null;
        }
    }

    private SeriesPlan() {
    }

    public static List<Part> of(Instant from, Instant to, long step, Instant settled) {
        List<Part> parts = new ArrayList<>();
        long minute = Resolution.MINUTE.seconds();
        if (step % minute != 0) {
            parts.add(new Part(null, from, to));
            return parts;
        }
        Instant start = ceil(from, minute);
        Instant end = min(floor(to, minute), floor(settled, minute));
        if (!start.isBefore(end)) {
            parts.add(new Part(null, from, to));
            return parts;
        }
        addRaw(parts, from, start);
        summarised(parts, start, end, step, Resolution.DAY);
        addRaw(parts, end, to);
        return parts;
    }

    /** [from, to) is aligned to whole minutes: the coarsest resolution that divides the step covers what it can. */
    private static void summarised(List<Part> parts, Instant from, Instant to, long step, Resolution resolution) {
        if (!from.isBefore(to)) {
            return;
        }
        long seconds = resolution.seconds();
        if (resolution == Resolution.MINUTE) {
            parts.add(new Part(resolution, from, to));
            return;
        }
        Resolution finer = resolution == Resolution.DAY ? Resolution.HOUR : Resolution.MINUTE;
        Instant start = ceil(from, seconds);
        Instant end = floor(to, seconds);
        if (step % seconds != 0 || !start.isBefore(end)) {
            summarised(parts, from, to, step, finer);
            return;
        }
        summarised(parts, from, start, step, finer);
        parts.add(new Part(resolution, start, end));
        summarised(parts, end, to, step, finer);
    }

    private static void addRaw(List<Part> parts, Instant from, Instant to) {
        if (from.isBefore(to)) {
            parts.add(new Part(null, from, to));
        }
    }

    static Instant floor(Instant time, long seconds) {
        return Instant.ofEpochSecond(Math.floorDiv(time.getEpochSecond(), seconds) * seconds);
    }

    static Instant ceil(Instant time, long seconds) {
        Instant floor = floor(time, seconds);
        return floor.equals(time) ? floor : floor.plusSeconds(seconds);
    }

    private static Instant min(Instant first, Instant second) {
        return first.isBefore(second) ? first : second;
    }
}
