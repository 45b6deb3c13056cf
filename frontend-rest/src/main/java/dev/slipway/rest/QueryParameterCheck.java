package dev.slipway.rest;

import dev.slipway.core.spec.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Rejects a query parameter that a route of the REST frontend does not take, before the route runs. Without it,
 * {@code POST /api/applications/{id}/deployments?ref=v2} deployed the application's configured ref, because the route
 * takes the ref from the body, and a misspelt filter matched everything.
 */
final class QueryParameterCheck implements HandlerInterceptor {

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");
    private static final ParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

    private final Map<HandlerMethod, Set<String>> acceptedByRoute = new ConcurrentHashMap<>();

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod route) || !isOwnRoute(route)) {
            return true;
        }
        if (isForm(request.getContentType())) {
            // The servlet container would read a form body as parameters, which no route takes.
            throw InvalidInputException.withoutValue("Content-Type", "must be application/json, because the routes"
                    + " take JSON bodies and no form fields. A Git host's webhook must send application/json");
        }
        if (request.getParameterMap().isEmpty()) {
            return true;
        }
        Set<String> accepted = acceptedByRoute.computeIfAbsent(route, QueryParameterCheck::parameterNames);
        if (accepted == null) {
            return true;
        }
        for (String name : request.getParameterMap().keySet()) {
            if (accepted.contains(name)) {
                continue;
            }
            String rule = accepted.isEmpty() ? "is not a parameter of this route, which takes none"
                    : "is not a parameter of this route. Use one of " + String.join(", ", accepted);
            if (PLAIN_NAME.matcher(name).matches()) {
                throw InvalidInputException.withoutValue(name, rule);
            }
            // Any other name goes into the value, which the exception makes printable.
            throw new InvalidInputException("parameter", rule, name);
        }
        return true;
    }

    private static boolean isForm(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE)
                || type.startsWith(MediaType.MULTIPART_FORM_DATA_VALUE);
    }

    private static boolean isOwnRoute(HandlerMethod route) {
        return route.getBeanType().getPackageName().equals(QueryParameterCheck.class.getPackageName());
    }

    /** Returns the names of the route's query parameters, or null when one parameter takes them all as a map. */
    private static Set<String> parameterNames(HandlerMethod route) {
        Set<String> names = new TreeSet<>();
        for (MethodParameter parameter : route.getMethodParameters()) {
            RequestParam annotation = parameter.getParameterAnnotation(RequestParam.class);
            if (annotation == null) {
                continue;
            }
            if (Map.class.isAssignableFrom(parameter.getParameterType())) {
                return null;
            }
            String name = annotation.name();
            if (name.isEmpty()) {
                parameter.initParameterNameDiscovery(NAMES);
                name = parameter.getParameterName();
            }
            if (name != null) {
                names.add(name);
            }
        }
        return names;
    }
}
