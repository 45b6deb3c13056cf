package dev.slipway.benchmarks.storage;

import static org.axonframework.commandhandling.GenericCommandMessage.asCommandMessage;

import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.CreateApplicationCommand;
import dev.slipway.core.application.EnvironmentVariableSetEvent;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SetEnvironmentVariableCommand;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.application.VariableName;
import dev.slipway.core.audit.AuditChain;
import dev.slipway.core.audit.AuditChainModule;
import dev.slipway.core.runtime.HttpHealthCheck;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Measures commands per second through the engine, and through Axon alone ({@link PlainAxonCommands}), against raw
 * appends to the same event storage engine, and writes the ratios to the BENCHMARKS.md named by the first argument.
 * It runs on the embedded H2 store (Axon's JPA storage, as the quickstart uses it), once with H2's default write delay
 * and once with the quickstart's, and on PostgreSQL (the engine's JDBC storage).
 *
 * <p>PostgreSQL comes from {@code SLIPWAY_BENCHMARK_DATABASE_URL}, {@code _USER} and {@code _PASSWORD}, by default the
 * test database that {@code .ci/run} creates. The run uses a schema of its own and drops it at the end.
 */
public final class StorageBenchmark {

    private static final Logger log = LoggerFactory.getLogger(StorageBenchmark.class);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /**
     * The warm-up is ten rounds long. With 5000 operations, H2's measured rounds still sped up from the first to the
     * last, and with 20000 they do less.
     */
    private static final BenchmarkReport.Settings SETTINGS = new BenchmarkReport.Settings(20, 20_000, 7, 2000);
    /** Writer threads of the second measurement of each store: twice the two cores of the machines it ran on. */
    private static final int WRITERS = 4;

    private StorageBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("Usage: StorageBenchmark <path of BENCHMARKS.md>");
        }
        Path report = Path.of(args[0]);
        Path workDirectory = Files.createTempDirectory("slipway-storage-benchmark");
        double loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<Measurement> measurements = new ArrayList<>();

        measurements.addAll(run("H2 file, Axon JPA storage, H2's default WRITE_DELAY", Map.of(
                "spring.datasource.url", "jdbc:h2:file:" + workDirectory.resolve("events"),
                "spring.jpa.hibernate.ddl-auto", "update",
                "slipway.work-directory", workDirectory.resolve("work").toString())));
        // The quickstart's URL sets WRITE_DELAY=0, so that H2 writes every commit to its file before it returns.
        measurements.addAll(run("H2 file, Axon JPA storage, WRITE_DELAY=0 as the quickstart sets it", Map.of(
                "spring.datasource.url", "jdbc:h2:file:" + workDirectory.resolve("flushed-events") + ";WRITE_DELAY=0",
                "spring.jpa.hibernate.ddl-auto", "update",
                "slipway.work-directory", workDirectory.resolve("work").toString())));

        PostgresSchema postgres = PostgresSchema.create();
        try {
            measurements.addAll(run("PostgreSQL, engine JDBC storage", Map.of(
                    "slipway.storage.type", "postgresql",
                    "spring.datasource.url", postgres.url(),
                    "spring.datasource.username", PostgresSchema.USER,
                    "spring.datasource.password", PostgresSchema.PASSWORD,
                    "spring.jpa.hibernate.ddl-auto", "none",
                    "slipway.work-directory", workDirectory.resolve("work").toString())));
            double loadAtEnd = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            String environment = String.format(Locale.ROOT, "%d cores, Java %s, %s on loopback, system load average"
                            + " %.1f at the start and %.1f at the end", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"), postgres.serverVersion(), loadAtStart, loadAtEnd);
            BenchmarkReport.write(report, measurements, SETTINGS, environment, Clock.systemUTC());
        } finally {
            postgres.drop();
        }
        log.info("results written to {}", report);
    }

    private static List<Measurement> run(String store, Map<String, Object> properties) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(BenchmarkApplication.class)
                .properties(properties)
                .run()) {
            CommandGateway commands = context.getBean(CommandGateway.class);
            EventStorageEngine storage = context.getBean(EventStorageEngine.class);
            TransactionManager transactions = context.getBean(TransactionManager.class);
            MetaData caller = RequestContext.of(Caller.user("benchmark"), "127.0.0.1").toMetaData();

            List<ApplicationId> applications = createApplications(commands, caller);
            IntConsumer command = i -> commands.sendAndWait(asCommandMessage(new SetEnvironmentVariableCommand(
                    applications.get(i % applications.size()), new VariableName("VAR_" + i % 50), "value " + i))
                    .andMetaData(caller));
            MetaData eventMetaData = storedMetaData(command, storage, applications.get(0));
            log.info("{}: an engine event's metadata contains {} entries: {}", store, eventMetaData.size(),
                    eventMetaData.keySet());
            RawAppends raw = new RawAppends(storage, transactions, SETTINGS.applications(), eventMetaData);
            ChainFollower follower = new ChainFollower(context.getBeanProvider(AuditChain.class).getIfAvailable(),
                    context.getBean(Configuration.class), storage);
            try (PlainAxonCommands plain = new PlainAxonCommands(storage, transactions, SETTINGS.applications(),
                    eventMetaData)) {
                List<Measurement> measurements = new ArrayList<>();
                try (Writers writers = new Writers(1)) {
                    measurements.add(measure(store, raw::append, command, plain::send, follower, writers));
                }
                try (Writers writers = new Writers(WRITERS)) {
                    measurements.add(measure(store + ", " + WRITERS + " writer threads", raw::append, command,
                            plain::send, follower, writers));
                }
                return measurements;
            }
        }
    }

    /**
     * Runs the warm-up, then the rounds, each of which runs the three kinds one after the other on the writer
     * threads. The audit chain's follower chains every stored event, also those of raw appends and of Axon alone, so
     * it is stopped while those two run and started, and given time to catch up, before the engine's commands. An
     * engine round ends when the follower has chained its last event, and its CPU time includes the follower's
     * thread.
     */
    private static Measurement measure(String store, IntConsumer raw, IntConsumer command, IntConsumer plain,
                                       ChainFollower follower, Writers writers) {
        follower.stop();
        writers.timed(raw, SETTINGS.warmUp());
        writers.timed(plain, SETTINGS.warmUp());
        follower.startAndCatchUp();
        writers.timed(command, SETTINGS.warmUp());
        follower.catchUp();
        double[] rawRates = new double[SETTINGS.rounds()];
        double[] commandRates = new double[SETTINGS.rounds()];
        double[] plainRates = new double[SETTINGS.rounds()];
        double[] rawCpuMillis = new double[SETTINGS.rounds()];
        double[] commandCpuMillis = new double[SETTINGS.rounds()];
        double[] plainCpuMillis = new double[SETTINGS.rounds()];
        for (int round = 0; round < SETTINGS.rounds(); round++) {
            follower.stop();
            long rawStartCpu = writers.cpuNanos();
            rawRates[round] = writers.timed(raw, SETTINGS.operations());
            long plainStartCpu = writers.cpuNanos();
            plainRates[round] = writers.timed(plain, SETTINGS.operations());
            long plainEndCpu = writers.cpuNanos();
            follower.startAndCatchUp();
            long commandStartCpu = writers.cpuNanos() + follower.cpuNanos();
            long start = System.nanoTime();
            writers.timed(command, SETTINGS.operations());
            long commandsSent = System.nanoTime();
            follower.catchUp();
            long end = System.nanoTime();
            commandRates[round] = SETTINGS.operations() / ((end - start) / 1e9);
            long commandEndCpu = writers.cpuNanos() + follower.cpuNanos();
            rawCpuMillis[round] = perOperation(plainStartCpu - rawStartCpu);
            plainCpuMillis[round] = perOperation(plainEndCpu - plainStartCpu);
            commandCpuMillis[round] = perOperation(commandEndCpu - commandStartCpu);
            log.info(String.format(Locale.ROOT, "%s round %d: %.0f raw appends/s, %.0f engine commands/s, %.0f"
                            + " Axon alone commands/s; CPU time %.3f, %.3f and %.3f ms; the engine's commands took"
                            + " %d ms and the follower's catch-up after them %d ms", store, round + 1,
                    rawRates[round], commandRates[round], plainRates[round], rawCpuMillis[round],
                    commandCpuMillis[round], plainCpuMillis[round], (commandsSent - start) / 1_000_000,
                    (end - commandsSent) / 1_000_000));
        }
        return new Measurement(store, median(rawRates), median(commandRates), median(plainRates),
                median(rawCpuMillis), median(commandCpuMillis), median(plainCpuMillis));
    }

    private static List<ApplicationId> createApplications(CommandGateway commands, MetaData caller) {
        List<ApplicationId> applications = new ArrayList<>();
        for (int i = 0; i < SETTINGS.applications(); i++) {
            ApplicationId id = ApplicationId.random();
            commands.sendAndWait(asCommandMessage(new CreateApplicationCommand(id,
                    new ApplicationName("bench-" + UUID.randomUUID().toString().substring(0, 8)),
                    new SourceSpec(RepositoryUrl.parse("https://git.example.test/bench/app.git"), new GitRef("main"),
                            null, null),
                    new RuntimeSpec(8080, HttpHealthCheck.of("/"), null), null)).andMetaData(caller));
            applications.add(id);
        }
        return applications;
    }

    /**
     * Sends one engine command to {@code application}, the target of command 0, and returns the metadata of the
     * event it stored: the caller, the client's address, the team and the correlation that the engine records with
     * every event. Raw appends and Axon alone store their events with it, so that every kind writes events of one
     * size.
     */
    private static MetaData storedMetaData(IntConsumer command, EventStorageEngine storage,
                                           ApplicationId application) {
        command.accept(0);
        DomainEventMessage<?> last = null;
        DomainEventStream events = storage.readEvents(application.toString());
        while (events.hasNext()) {
            last = events.next();
        }
        if (last == null) {
            throw new IllegalStateException("The engine stored no event for application " + application);
        }
        return last.getMetaData();
    }

    /** Returns CPU nanoseconds of one round as milliseconds per operation. */
    private static double perOperation(long cpuNanos) {
        return cpuNanos / 1e6 / SETTINGS.operations();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /**
     * The audit chain's follower: the event processor that chains stored events after they commit. Without a chain,
     * as when a run sets {@code slipway.audit.enabled=false}, or in fail-closed mode, every method does nothing.
     */
    private static final class ChainFollower {

        private static final Duration CATCH_UP_LIMIT = Duration.ofMinutes(5);

        private final AuditChain chain;
        private final EventProcessor processor;
        private final EventStorageEngine storage;

        ChainFollower(AuditChain chain, Configuration configuration, EventStorageEngine storage) {
            this.chain = chain;
            // In fail-closed mode the processor is a subscribing one that chains inside the command's transaction.
            this.processor = chain == null ? null : configuration.eventProcessingConfiguration()
                    .eventProcessor(AuditChainModule.PROCESSING_GROUP)
                    .filter(StreamingEventProcessor.class::isInstance).orElse(null);
            this.storage = storage;
        }

        void stop() {
            if (processor != null) {
                processor.shutDown();
            }
        }

        void startAndCatchUp() {
            if (processor != null) {
                processor.start();
                catchUp();
            }
        }

        /** Waits until the chain covers the event store's current highest global index. */
        void catchUp() {
            if (processor == null) {
                return;
            }
            long head = ((GapAwareTrackingToken) storage.createHeadToken()).getIndex();
            long deadline = System.nanoTime() + CATCH_UP_LIMIT.toNanos();
            while (chain.lastChainedGlobalIndex().orElse(-1) < head) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The audit chain's follower did not reach global index " + head
                            + " within " + CATCH_UP_LIMIT + "; see the log of " + AuditChainModule.PROCESSING_GROUP);
                }
                LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
            }
        }

        /** Returns the CPU time of the follower's thread so far. */
        long cpuNanos() {
            long total = 0;
            for (ThreadInfo thread : THREADS.dumpAllThreads(false, false)) {
                if (thread.getThreadName().contains(AuditChainModule.PROCESSING_GROUP)) {
                    total += Math.max(0, THREADS.getThreadCpuTime(thread.getThreadId()));
                }
            }
            return total;
        }
    }

    /**
     * The threads that run the operations. One writer runs them on the calling thread. Several split them by the
     * operation's number, so that each application's operations stay on one thread, in order, as the raw appends'
     * sequence numbers need.
     */
    private static final class Writers implements AutoCloseable {

        private final int count;
        private final ExecutorService pool;
        private final List<Long> threadIds = new CopyOnWriteArrayList<>();

        Writers(int count) {
            this.count = count;
            this.pool = count == 1 ? null : Executors.newFixedThreadPool(count, runnable -> {
                Thread thread = new Thread(runnable, "benchmark-writer");
                thread.setDaemon(true);
                threadIds.add(thread.getId());
                return thread;
            });
        }

        /** Runs {@code operation} for the numbers 0 to {@code operations} - 1 and returns operations per second. */
        double timed(IntConsumer operation, int operations) {
            long start = System.nanoTime();
            if (pool == null) {
                for (int i = 0; i < operations; i++) {
                    operation.accept(i);
                }
            } else {
                List<Future<?>> parts = new ArrayList<>();
                for (int writer = 0; writer < count; writer++) {
                    int first = writer;
                    parts.add(pool.submit(() -> {
                        for (int i = first; i < operations; i += count) {
                            operation.accept(i);
                        }
                    }));
                }
                for (Future<?> part : parts) {
                    try {
                        part.get();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("Writers interrupted before they finished", e);
                    } catch (ExecutionException e) {
                        throw new IllegalStateException("A writer failed: " + e.getCause().getMessage(),
                                e.getCause());
                    }
                }
            }
            return operations / ((System.nanoTime() - start) / 1e9);
        }

        /** Returns the CPU time of the writer threads so far. */
        long cpuNanos() {
            if (pool == null) {
                return THREADS.getCurrentThreadCpuTime();
            }
            long total = 0;
            for (long id : threadIds) {
                total += Math.max(0, THREADS.getThreadCpuTime(id));
            }
            return total;
        }

        @Override
        public void close() {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /**
     * Appends the event a command would, with the metadata of an engine event, straight to the storage engine, each
     * in its own transaction.
     */
    private static final class RawAppends {

        private final EventStorageEngine storage;
        private final TransactionManager transactions;
        private final List<ApplicationId> aggregates = new ArrayList<>();
        private final long[] nextSequence;
        private final MetaData metaData;

        RawAppends(EventStorageEngine storage, TransactionManager transactions, int aggregateCount,
                   MetaData metaData) {
            this.storage = storage;
            this.transactions = transactions;
            this.metaData = metaData;
            for (int i = 0; i < aggregateCount; i++) {
                aggregates.add(ApplicationId.random());
            }
            this.nextSequence = new long[aggregateCount];
        }

        void append(int i) {
            int aggregate = i % aggregates.size();
            ApplicationId id = aggregates.get(aggregate);
            long sequence = nextSequence[aggregate]++;
            EnvironmentVariableSetEvent event = new EnvironmentVariableSetEvent(id, new VariableName("VAR_" + i % 50),
                    "value " + i, sequence + 1);
            transactions.executeInTransaction(() -> storage.appendEvents(
                    new GenericDomainEventMessage<>("Application", id.toString(), sequence, event, metaData)));
        }
    }

    /** A schema of the benchmark's own in the PostgreSQL database. */
    private record PostgresSchema(String name) {

        static final String URL = setting("SLIPWAY_BENCHMARK_DATABASE_URL",
                "jdbc:postgresql://127.0.0.1:5432/slipway_test");
        static final String USER = setting("SLIPWAY_BENCHMARK_DATABASE_USER", "slipway");
        static final String PASSWORD = setting("SLIPWAY_BENCHMARK_DATABASE_PASSWORD", "slipway");

        static PostgresSchema create() throws SQLException {
            PostgresSchema schema = new PostgresSchema("slipway_benchmark_"
                    + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
            schema.execute("CREATE SCHEMA " + schema.name());
            return schema;
        }

        String url() {
            return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + name;
        }

        String serverVersion() throws SQLException {
            try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD)) {
                return "PostgreSQL " + connection.getMetaData().getDatabaseProductVersion();
            }
        }

        void drop() throws SQLException {
            execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        }

        private void execute(String sql) throws SQLException {
            try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
                 Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }

        private static String setting(String name, String fallback) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? fallback : value;
        }
    }
}
