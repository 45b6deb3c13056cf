package dev.slipway.core.spec;

/** Character checks that several parsers share. */
final class Characters {

    private Characters() {
    }

    /**
     * Returns whether {@code value} contains a character that can hide or fake text where it is shown or logged:
     * a control character, any Unicode whitespace or space separator, or an invisible format character such as a
     * zero-width space or a right-to-left override.
     */
    static boolean hasHiddenCharacters(String value) {
        return value.codePoints().anyMatch(Characters::isHidden);
    }

    static boolean isHidden(int codePoint) {
        return Character.isISOControl(codePoint) || Character.isWhitespace(codePoint)
                || Character.isSpaceChar(codePoint) || Character.getType(codePoint) == Character.FORMAT
                || Character.getType(codePoint) == Character.SURROGATE
                || Character.getType(codePoint) == Character.UNASSIGNED;
    }
}
