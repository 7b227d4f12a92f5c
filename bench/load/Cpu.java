package load;

import static load.Load.*;
import static load.Report.*;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * CPU time (ns) of this process (self), its reaped children (pgbench), the service instance called, PostgreSQL (postmaster,
 * live backends, and reaped ones through the postmaster's cutime) and the whole machine; as a difference,
 * cores used. Assumes Linux's 100 ticks per second.
 */
record Cpu(long self, long service, long pg, long machine, long children, long wall) {
    static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    /** The PostgreSQL server's pid; -1 not yet looked up, 0 unknown (a remote server, or no right to its data directory). */
    static long postmaster = -1;

    static Cpu now() {
        long[] me = stat("self");
        long[] svc = stat("" + Client.target.pid());
        return new Cpu(OS.getProcessCpuTime(), svc == null ? -1 : svc[1] + svc[2], postgresCpu(), machineBusy(),
                me == null ? 0 : me[3] + me[4], System.nanoTime());
    }

    Cpu since(Cpu before) {
        return new Cpu(self - before.self, service < 0 ? -1 : service - before.service, pg < 0 ? -1 : pg - before.pg,
                machine - before.machine, children - before.children, wall - before.wall);
    }

    double cores(long nanos) {
        return nanos / (double) wall;
    }

    double other() {
        return cores(machine - self - Math.max(0, service) - Math.max(0, pg) - children);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.2f / %s / %s / %.2f", cores(self + children),
                service <= 0 ? "—" : String.format(Locale.ROOT, "%.2f", cores(service)),
                pg < 0 ? "—" : String.format(Locale.ROOT, "%.2f", cores(pg)), Math.max(0, other()));
    }

    Map<String, Object> json() {
        return new LinkedHashMap<>(Map.of("client", num(cores(self + children)), "service", service <= 0 ? "n/a" : num(cores(service)),
                "postgres", pg < 0 ? "n/a" : num(cores(pg)), "other", num(Math.max(0, other()))));
    }

    /** ppid, utime, stime, cutime, cstime of /proc/PID/stat in ns (null if unreadable). */
    static long[] stat(String pid) {
        try {
            String st = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[1]), tick(f[11]), tick(f[12]), tick(f[13]), tick(f[14])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static long tick(String v) {
        return Long.parseLong(v) * 10_000_000L;
    }

    static long postgresCpu() {
        try {
            if (postmaster < 0) {
                postmaster = 0;
                Path dir = Path.of(psql("SHOW data_directory").trim());
                postmaster = Long.parseLong(Files.readAllLines(dir.resolve("postmaster.pid")).get(0).trim());
            }
            if (postmaster == 0) {
                return -1;
            }
            long[] pm = stat("" + postmaster);
            long sum = pm == null ? 0 : pm[1] + pm[2] + pm[3] + pm[4];
            // a snapshot of /proc's names: a directory stream fails when a process exits while it is read
            String[] pids = new java.io.File("/proc").list();
            for (String pid : pids == null ? new String[0] : pids) {
                if (pid.chars().allMatch(Character::isDigit)) {
                    long[] c = stat(pid);
                    if (c != null && c[0] == postmaster) {
                        sum += c[1] + c[2];
                    }
                }
            }
            return sum;
        } catch (Exception e) {
            return -1;
        }
    }

    static long machineBusy() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // user nice system idle iowait irq softirq steal: busy is all but idle and iowait
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(f[i]);
            }
            return busy * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
