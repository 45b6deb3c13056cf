package dev.slipway.core.spec;

/** Text from a caller made safe to write into a log line or a terminal. */
public final class PrintableText {

    /** Characters of a value that are kept; longer values end with an ellipsis. */
    public static final int MAX_LENGTH = 200;

    private PrintableText() {
    }

    /**
     * Returns the first {@value #MAX_LENGTH} characters of {@code value} with each control character, such as a line
     * break or a terminal escape, and each format character, such as a right-to-left override, written as
     * {@code \\uXXXX}, so the value cannot forge log lines or reorder how they display; null stays null.
     */
    public static String of(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder builder = new StringBuilder(Math.min(value.length(), MAX_LENGTH));
        value.codePoints().limit(MAX_LENGTH).forEach(codePoint -> {
            if (Character.isISOControl(codePoint) || Character.getType(codePoint) == Character.FORMAT) {
                builder.append(String.format("\\u%04x", codePoint));
            } else {
                builder.appendCodePoint(codePoint);
            }
        });
        if (value.length() > MAX_LENGTH) {
            builder.append("…");
        }
        return builder.toString();
    }
}
