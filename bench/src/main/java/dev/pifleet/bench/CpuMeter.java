package dev.pifleet.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Where the CPU went during a phase, from Linux's {@code /proc}: the load generator, Parse Server (node), the
 * service between the devices and Parse (telemetry-ingest, or the seed's route), the PostgreSQL backends of the
 * benchmark's database, and everything else on the machine (the noise). On systems without {@code /proc} every
 * figure is zero.
 */
final class CpuMeter {

    /** Processes are grouped by these roles; a process matching none counts as "other". */
    enum Role { BENCH, PARSE, SERVICE, POSTGRES }

    private static final Path PROC = Path.of("/proc");
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ, 100 on every Linux build in use

    private final Map<Role, Predicate<ProcessView>> roles;

    CpuMeter(Map<Role, Predicate<ProcessView>> roles) {
        this.roles = Map.copyOf(roles);
    }

    /** A process as the classifier sees it. */
    record ProcessView(long pid, String commandLine) {
    }

    record Snapshot(long nanoTime, long machineBusyTicks, Map<Long, Long> ticksByPid, Map<Long, Role> roleByPid) {
    }

    /** Cores used on average between two snapshots, per role, plus the machine's total. */
    record Usage(double bench, double parse, double service, double postgres, double other, double machine) {
    }

    Snapshot snapshot() {
        Map<Long, Long> ticks = new HashMap<>();
        Map<Long, Role> rolesByPid = new HashMap<>();
        try (Stream<Path> entries = Files.list(PROC)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long pid = Long.parseLong(name);
                Long used = processTicks(entry);
                if (used == null) {
                    continue;
                }
                ticks.put(pid, used);
                Role role = classify(new ProcessView(pid, commandLine(entry)));
                if (role != null) {
                    rolesByPid.put(pid, role);
                }
            }
        } catch (IOException noProc) {
            return new Snapshot(System.nanoTime(), 0, Map.of(), Map.of());
        }
        return new Snapshot(System.nanoTime(), machineBusyTicks(), ticks, rolesByPid);
    }

    static Usage between(Snapshot start, Snapshot end) {
        double seconds = (end.nanoTime() - start.nanoTime()) / 1e9;
        if (seconds <= 0 || end.ticksByPid().isEmpty()) {
            return new Usage(0, 0, 0, 0, 0, 0);
        }
        Map<Role, Long> byRole = new HashMap<>();
        end.roleByPid().forEach((pid, role) -> {
            long delta = end.ticksByPid().get(pid) - start.ticksByPid().getOrDefault(pid, 0L);
            byRole.merge(role, Math.max(0, delta), Long::sum);
        });
        double machine = (end.machineBusyTicks() - start.machineBusyTicks()) / TICKS_PER_SECOND / seconds;
        double bench = cores(byRole, Role.BENCH, seconds);
        double parse = cores(byRole, Role.PARSE, seconds);
        double service = cores(byRole, Role.SERVICE, seconds);
        double postgres = cores(byRole, Role.POSTGRES, seconds);
        double other = Math.max(0, machine - bench - parse - service - postgres);
        return new Usage(bench, parse, service, postgres, other, machine);
    }

    private static double cores(Map<Role, Long> byRole, Role role, double seconds) {
        return byRole.getOrDefault(role, 0L) / TICKS_PER_SECOND / seconds;
    }

    private Role classify(ProcessView process) {
        for (Map.Entry<Role, Predicate<ProcessView>> role : roles.entrySet()) {
            if (role.getValue().test(process)) {
                return role.getKey();
            }
        }
        return null;
    }

    /** utime + stime of {@code /proc/<pid>/stat}; fields are counted after the command name's closing parenthesis. */
    private static Long processTicks(Path processDir) {
        try {
            String stat = Files.readString(processDir.resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException gone) {
            return null;
        }
    }

    private static String commandLine(Path processDir) {
        try {
            return new String(Files.readAllBytes(processDir.resolve("cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ').trim();
        } catch (IOException gone) {
            return "";
        }
    }

    /** All non-idle time of the {@code cpu} line of {@code /proc/stat} (user, nice, system, irq, softirq, steal). */
    private static long machineBusyTicks() {
        try {
            List<String> lines = Files.readAllLines(PROC.resolve("stat"));
            String[] fields = lines.get(0).trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(fields[i]);
            }
            return busy;
        } catch (IOException | RuntimeException unreadable) {
            return 0;
        }
    }
}
