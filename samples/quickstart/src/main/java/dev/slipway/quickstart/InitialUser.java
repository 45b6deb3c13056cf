package dev.slipway.quickstart;

import dev.slipway.web.security.IdentityService;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Creates the user {@code slipway.quickstart.initial-user} (default {@code admin}) with a random password and TOTP
 * secret when the server starts in token mode, and prints both once to standard output, never to the log, with the
 * command that signs in. Users are stored in the engine's database, so a later start over the same data finds the
 * user and prints nothing.
 */
@Component
@ConditionalOnExpression("'${slipway.security.mode:token}' == 'token'"
        + " and '${slipway.quickstart.initial-user:admin}' != ''")
class InitialUser implements ApplicationRunner {

    private final IdentityService identities;
    private final String userName;
    private final Environment environment;
    private final PrintStream out;

    InitialUser(IdentityService identities, @Value("${slipway.quickstart.initial-user:admin}") String userName,
                Environment environment) {
        this.identities = identities;
        this.userName = userName;
        this.environment = environment;
        this.out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    }

    @Override
    public void run(ApplicationArguments arguments) {
        // The web server has started when runners run, so local.server.port contains the port it listens on.
        String baseUrl = "http://" + environment.getProperty("server.address", "127.0.0.1") + ":"
                + environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        if (identities.userExists(userName)) {
            out.println("Slipway's initial user '" + userName + "' exists; sign in with the password and TOTP secret"
                    + " printed when it was created.");
            return;
        }
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String totpSecret = identities.createUser(userName, password);
        out.println();
        out.println("Slipway created the user '" + userName + "'. Its password and TOTP secret are shown this once,");
        out.println("and the user stays when the server restarts:");
        out.println("  password:    " + password);
        out.println("  TOTP secret: " + totpSecret + " (otpauth://totp/Slipway:" + userName + "?secret="
                + totpSecret + "&issuer=Slipway)");
        out.println("Sign in with a code from an authenticator app or `oathtool --totp -b " + totpSecret + "`:");
        out.println("  curl -s -X POST " + baseUrl + "/api/auth/login -H 'Content-Type: application/json' \\");
        out.println("    -d '{\"userName\":\"" + userName + "\",\"password\":\"" + password
                + "\",\"totpCode\":\"123456\"}'");
        out.println();
    }
}
