package dev.slipway.benchmarks.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * Writes the storage section of BENCHMARKS.md. Only the text between this section's two markers is replaced, so
 * other benchmarks' sections in the same file stay as they are; notes after the section's notes marker are kept.
 */
final class BenchmarkReport {

    static final String START = "<!-- storage-benchmark:start -->";
    static final String END = "<!-- storage-benchmark:end -->";
    static final String NOTES = "<!-- storage-benchmark:notes -->";
    static final double TARGET_RATIO = 0.8;

    private BenchmarkReport() {
    }

    static void write(Path file, List<Measurement> measurements, Settings settings, String environment, Clock clock)
            throws IOException {
        String section = section(measurements, settings, environment, clock);
        String existing = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n";
        int start = existing.indexOf(START);
        int end = existing.indexOf(END);
        String updated;
        if (start >= 0 && end > start) {
            String notes = notes(existing.substring(start, end));
            updated = existing.substring(0, start) + section + notes + END + existing.substring(end + END.length());
        } else {
            updated = existing.stripTrailing() + "\n\n" + section + END + "\n";
        }
        Files.writeString(file, updated);
    }

    private static String section(List<Measurement> measurements, Settings settings, String environment,
                                  Clock clock) {
        StringBuilder text = new StringBuilder(START).append('\n')
                .append("## Storage: engine commands against raw appends\n\n")
                .append("Written by `benchmarks/storage` (`mvn -pl benchmarks/storage exec:java`) on ")
                .append(LocalDate.now(clock)).append(", ").append(environment).append(".\n\n")
                .append("A command sets an environment variable on one of ").append(settings.applications())
                .append(" applications: the engine checks the caller's role, loads the aggregate from its cache,")
                .append(" appends one event and updates its read models, in one transaction; the audit chain's")
                .append(" follower chains the event right after it commits, and an engine round ends only when the")
                .append(" follower has chained the round's last event. A raw append writes the same event, with the")
                .append(" metadata that the engine stores with it (caller, client address, team and correlation), to")
                .append(" the same event storage engine in its own transaction, in the same JVM. The Axon alone")
                .append(" columns send a command that appends the same event with the same metadata to a minimal")
                .append(" aggregate of the same storage engine, through Axon's simple command bus and nothing of")
                .append(" the engine: no interceptors,")
                .append(" event processors, read models or audit chain. Like the engine, it keeps its aggregates in")
                .append(" a cache with strong references and takes the target aggregate from the command's field")
                .append(" without Axon's search by reflection. These columns show what the command path of Axon")
                .append(" itself costs against a raw append. Each rate is the median of ").append(settings.rounds())
                .append(" rounds of ").append(settings.operations()).append(" operations of each kind on one")
                .append(" thread, after ").append(settings.warmUp()).append(" warm-up operations of each kind. The")
                .append(" rows that name writer threads run the same rounds on that many threads, each of which")
                .append(" takes the operations of its own share of the applications. The")
                .append(" target is an engine ratio of at least ").append(TARGET_RATIO).append("×. Rerun: `mvn -B")
                .append(" -pl benchmarks/storage -am install -DskipTests && mvn -B -pl benchmarks/storage")
                .append(" exec:java` after `bash scripts/setup-postgres.sh`.")
                .append(" The follower chains every stored event, so it is stopped while raw appends and Axon")
                .append(" alone run, and catches up before the engine's round starts.")
                .append(" The CPU columns give the CPU time of the threads that run the operations, per")
                .append(" operation, and for the engine also the follower's thread (median of the rounds, from")
                .append(" `ThreadMXBean`), which")
                .append(" other processes on the machine affect less than the rates.")
                .append("\n\n")
                .append("| store | raw appends/s | engine commands/s | engine ratio | target met |")
                .append(" Axon alone commands/s | Axon alone ratio | CPU ms per raw append |")
                .append(" CPU ms per engine command | CPU ms per Axon alone command |\n")
                .append("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|\n");
        for (Measurement measurement : measurements) {
            text.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.2f× | %s | %.0f | %.2f× | %.3f | %.3f"
                            + " | %.3f |%n", measurement.store(), measurement.rawAppendsPerSecond(),
                    measurement.commandsPerSecond(), measurement.ratio(),
                    measurement.ratio() >= TARGET_RATIO ? "yes" : "no", measurement.plainCommandsPerSecond(),
                    measurement.plainRatio(), measurement.rawAppendCpuMillis(), measurement.commandCpuMillis(),
                    measurement.plainCommandCpuMillis()));
        }
        return text.toString();
    }

    /**
     * Returns the notes kept between {@link #NOTES} and the end marker of the old section, such as what a profile
     * showed, so that a rerun updates the figures and leaves the notes to be reread against them.
     */
    private static String notes(String oldSection) {
        int notes = oldSection.indexOf(NOTES);
        return notes < 0 ? "" : "\n" + oldSection.substring(notes).stripTrailing() + "\n";
    }

    /**
     * The shape of a run.
     *
     * @param applications applications the commands are spread over
     * @param warmUp       operations of each kind before measuring
     * @param rounds       measured rounds, each of which runs every kind once
     * @param operations   operations per round
     */
    record Settings(int applications, int warmUp, int rounds, int operations) {
    }
}
