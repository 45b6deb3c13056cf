package dev.slipway.rest;

import dev.slipway.core.readmodel.NewestFirstIndex;
import dev.slipway.core.spec.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

/**
 * Reads the paging parameters {@code first} and {@code after} of a list route, as the audit search names them, and
 * returns the page as a JSON array. When more entries follow, a {@code Link} header (RFC 8288) with
 * {@code rel="next"} gives the URI of the next page.
 */
final class PageLinks {

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");
    private static final String FIRST_RULE = "must be a whole number from 1 to " + NewestFirstIndex.MAX_PAGE_SIZE;

    private PageLinks() {
    }

    /**
     * Returns the page size that the {@code first} parameter requests, or {@value NewestFirstIndex#DEFAULT_PAGE_SIZE}
     * when it is absent or empty.
     *
     * @throws InvalidInputException naming {@code first} when it is no whole number from 1 to 1000
     */
    static int first(String text) {
        if (text == null || text.isEmpty()) {
            return NewestFirstIndex.DEFAULT_PAGE_SIZE;
        }
        // Integer.parseInt also takes a sign and digits of other scripts, which no client sends on purpose.
        if (!DIGITS.matcher(text).matches()) {
            throw new InvalidInputException("first", FIRST_RULE, text);
        }
        int first = Integer.parseInt(text);
        if (first < 1 || first > NewestFirstIndex.MAX_PAGE_SIZE) {
            throw new InvalidInputException("first", FIRST_RULE, text);
        }
        return first;
    }

    /**
     * Returns a response with {@code entries} as the body and, when {@code hasNextPage} is true, a link to the page
     * after {@code endCursor}. The link is a path relative to the server, with the same page size.
     */
    static <T> ResponseEntity<List<T>> page(List<T> entries, String endCursor, boolean hasNextPage, int first,
                                            HttpServletRequest request) {
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        if (hasNextPage && endCursor != null) {
            // Cursors are URL-safe Base64 without padding, so they need no percent-encoding.
            String next = request.getRequestURI() + "?first=" + first + "&after=" + endCursor;
            response.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
        }
        return response.body(entries);
    }
}
