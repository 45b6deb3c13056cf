package dev.slipway.web.security;

import dev.slipway.web.FirewallRejections;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's strict firewall, which also checks the names of the query parameters as soon as a request
 * arrives. The strict firewall checks a parameter name only when code reads the parameters. Without this check, a
 * route that reads none, such as GraphQL's, would accept a name with a control character that another route
 * rejects. A rejection inside a controller would also reach the controller's error handling instead of the
 * firewall's handler.
 */
final class QueryParameterFirewall extends StrictHttpFirewall {

    /** Rule of parameter names, the same as Spring Security's default: no control and no unassigned characters. */
    static final Predicate<String> ALLOWED_NAME = name -> name.codePoints()
            .noneMatch(codePoint -> Character.isISOControl(codePoint) || !Character.isDefined(codePoint));

    QueryParameterFirewall() {
        setAllowedParameterNames(ALLOWED_NAME);
    }

    @Override
    public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
        FirewalledRequest firewalled = super.getFirewalledRequest(request);
        String query = request.getQueryString();
        if (query != null) {
            for (String pair : query.split("&")) {
                checkName(pair);
            }
        }
        return firewalled;
    }

    private static void checkName(String pair) {
        int equals = pair.indexOf('=');
        String encoded = equals < 0 ? pair : pair.substring(0, equals);
        String name;
        try {
            name = URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            // Tomcat drops a parameter whose name it cannot decode, so no code ever reads that name.
            return;
        }
        if (!ALLOWED_NAME.test(name)) {
            throw new RequestRejectedException(FirewallRejections.PARAMETER_NAME_MESSAGE + " is not allowed.");
        }
    }
}
