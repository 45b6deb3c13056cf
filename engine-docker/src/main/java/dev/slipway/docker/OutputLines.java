package dev.slipway.docker;

import dev.slipway.core.runtime.LogSink;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits streamed Docker output into lines, passes each line to a sink and keeps the last lines for error
 * messages. Docker sends build and log output in chunks that may end mid-line. Methods are synchronized because
 * docker-java calls {@link #append} on its own thread while the caller later reads {@link #tail}.
 */
final class OutputLines {

    /** Terminal color and cursor sequences, such as the red marker Docker puts around a build step's stderr. */
    private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");

    private final LogSink sink;
    private final int maxLines;
    private final Deque<String> last = new ArrayDeque<>();
    private final StringBuilder partial = new StringBuilder();

    OutputLines(LogSink sink, int maxLines) {
        this.sink = sink;
        this.maxLines = maxLines;
    }

    synchronized void append(String chunk) {
        if (chunk == null) {
            return;
        }
        partial.append(chunk);
        int newline;
        while ((newline = partial.indexOf("\n")) >= 0) {
            String line = partial.substring(0, newline);
            partial.delete(0, newline + 1);
            emit(line);
        }
    }

    /** Emits a final line that had no line terminator. */
    synchronized void finish() {
        if (!partial.isEmpty()) {
            emit(partial.toString());
            partial.setLength(0);
        }
    }

    synchronized List<String> tail() {
        return new ArrayList<>(last);
    }

    private void emit(String raw) {
        String line = ANSI_ESCAPE.matcher(raw).replaceAll("");
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        sink.line(line);
        last.addLast(line);
        if (last.size() > maxLines) {
            last.removeFirst();
        }
    }
}
