package dev.slipway.samples.auditcli;

import dev.slipway.core.SlipwayException;
import dev.slipway.core.audit.AuditChain;
import dev.slipway.core.audit.ChainBreak;
import dev.slipway.core.audit.ChainVerification;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Verifies the audit hash chain of a Slipway event store database from outside the engine, with only the engine's
 * public key. Exits with 0 when the chain is intact, 1 when it is broken, and 2 when it could not be verified.
 *
 * <pre>
 * java -jar audit-cli.jar verify --url jdbc:h2:file:./data/events --user sa --public-key audit-key.jwk
 * </pre>
 *
 * The database password is read from the {@value #PASSWORD_VARIABLE} environment variable, so it never appears in
 * the process list.
 */
public final class AuditCli {

    /** Environment variable that contains the database password. */
    public static final String PASSWORD_VARIABLE = "SLIPWAY_DB_PASSWORD";

    static final int INTACT = 0;
    static final int BROKEN = 1;
    static final int FAILED = 2;

    private static final String USAGE = """
            Usage: audit-cli verify --url JDBC_URL --public-key FILE [--user NAME] [--checkpoint-interval N]
              --url                  JDBC URL of the engine's event store, such as jdbc:h2:file:./data/events
              --public-key           file with the engine's public key as a JWK, from GET /api/audit-chain/public-key
              --user                 database user; default sa
              --checkpoint-interval  chain entries between two signed checkpoints, as the engine is set; default 1000
            The database password is read from the SLIPWAY_DB_PASSWORD environment variable.""";

    private AuditCli() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.out, System.err));
    }

    /** Runs one command and returns the process exit code. */
    static int run(List<String> args, Map<String, String> environment, PrintStream out, PrintStream err) {
        if (args.isEmpty() || !args.get(0).equals("verify")) {
            err.println(USAGE);
            return FAILED;
        }
        Map<String, String> options;
        try {
            options = parseOptions(args.subList(1, args.size()));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return FAILED;
        }
        try {
            ChainVerification result = verify(options, environment.getOrDefault(PASSWORD_VARIABLE, ""));
            print(result, out);
            return result.intact() ? INTACT : BROKEN;
        } catch (SlipwayException e) {
            err.println(e.getMessage());
            return FAILED;
        }
    }

    private static ChainVerification verify(Map<String, String> options, String password) {
        String url = options.get("url");
        Path keyFile = Path.of(options.get("public-key"));
        String publicJwk;
        try {
            publicJwk = Files.readString(keyFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SlipwayException("Unable to read the public key file '" + keyFile + "': " + e.getMessage()
                    + ". Save the key from GET /api/audit-chain/public-key there.", e);
        }
        int interval = parseInterval(options.getOrDefault("checkpoint-interval",
                Integer.toString(AuditChain.DEFAULT_CHECKPOINT_INTERVAL)));
        try (Connection connection = DriverManager.getConnection(url, options.getOrDefault("user", "sa"), password)) {
            return AuditChain.verify(connection, publicJwk, interval);
        } catch (SQLException e) {
            // The message of a failed connection names the URL but never the password.
            throw new SlipwayException("Unable to read the event store at '" + url + "': " + e.getMessage()
                    + ". Check the URL, the user and " + PASSWORD_VARIABLE + ".", e);
        }
    }

    private static void print(ChainVerification result, PrintStream out) {
        if (result.intact()) {
            out.printf("intact: %d entries, %d signed checkpoints, last checkpoint at position %d, %d events"
                            + " not chained yet%n", result.entriesChecked(), result.checkpointsChecked(),
                    result.lastCheckpointPosition(), result.pendingEvents());
            return;
        }
        ChainBreak broken = result.firstBreak();
        out.printf("broken: %s at position %s, global index %d%n", broken.kind(),
                broken.position() == null ? "none" : broken.position().toString(), broken.globalIndex());
        out.println(broken.message());
        out.printf("%d entries and %d signed checkpoints matched before it%n", result.entriesChecked(),
                result.checkpointsChecked());
    }

    private static Map<String, String> parseOptions(List<String> args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.size(); i += 2) {
            String name = args.get(i);
            if (!List.of("--url", "--public-key", "--user", "--checkpoint-interval").contains(name)) {
                throw new IllegalArgumentException("Unknown option '" + name + "'.");
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("Option '" + name + "' needs a value.");
            }
            options.put(name.substring(2), args.get(i + 1));
        }
        for (String required : List.of("url", "public-key")) {
            if (!options.containsKey(required)) {
                throw new IllegalArgumentException("Option '--" + required + "' is missing.");
            }
        }
        return options;
    }

    private static int parseInterval(String text) {
        try {
            int interval = Integer.parseInt(text);
            if (interval >= 1) {
                return interval;
            }
        } catch (NumberFormatException e) {
            // Reported below with the rule.
        }
        throw new SlipwayException("Invalid --checkpoint-interval '" + text + "': it must be a whole number of at"
                + " least 1, as the engine's slipway.audit.checkpoint-interval is set.");
    }
}
