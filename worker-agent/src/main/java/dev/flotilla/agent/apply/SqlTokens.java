package dev.flotilla.agent.apply;

import java.nio.charset.StandardCharsets;

/**
 * The tokens at the start of one SQL statement, read as PostgreSQL's lexer reads identifiers: blanks,
 * line comments and (nested) block comments are skipped, an unquoted word is folded to
 * lower case (ASCII letters only, as in a UTF-8 database), a quoted identifier keeps its case with
 * {@code ""} read as one quote, and both are cut to 63 bytes. Anything else is a one-character symbol;
 * string literals and numbers are not needed by its users and are not recognised. Pure.
 */
final class SqlTokens {

    /** Longest identifier PostgreSQL keeps, in bytes (NAMEDATALEN - 1). */
    private static final int MAX_IDENTIFIER_BYTES = 63;

    /** What a token is. */
    enum Kind {
        WORD,
        QUOTED,
        SYMBOL
    }

    /** One token; {@code text} is the identifier as PostgreSQL reads it, or the symbol's character. */
    record Token(Kind kind, String text) {

        /** True for the unquoted keyword (given in lower case); a quoted identifier is never a keyword. */
        boolean is(String keyword) {
            return kind == Kind.WORD && text.equals(keyword);
        }

        boolean isIdentifier() {
            return kind != Kind.SYMBOL;
        }

        boolean isSymbol(char symbol) {
            return kind == Kind.SYMBOL && text.equals(String.valueOf(symbol));
        }
    }

    private final String sql;
    private int i;
    private Token peeked;

    SqlTokens(String sql) {
        this.sql = sql;
    }

    /** The next token without taking it; null at the end of the statement. */
    Token peek() {
        if (peeked == null) {
            peeked = read();
        }
        return peeked;
    }

    /** Takes the next token; null at the end of the statement. */
    Token next() {
        Token token = peek();
        peeked = null;
        return token;
    }

    private Token read() {
        skipBlanksAndComments();
        if (i >= sql.length()) {
            return null;
        }
        char c = sql.charAt(i);
        if (c == '"') {
            return new Token(Kind.QUOTED, truncated(quoted()));
        }
        if (isIdentifierStart(c)) {
            int start = i;
            while (i < sql.length() && isIdentifierPart(sql.charAt(i))) {
                i++;
            }
            return new Token(Kind.WORD, truncated(folded(sql.substring(start, i))));
        }
        i++;
        return new Token(Kind.SYMBOL, String.valueOf(c));
    }

    private void skipBlanksAndComments() {
        while (i < sql.length()) {
            if (Character.isWhitespace(sql.charAt(i))) {
                i++;
            } else if (sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? sql.length() : end + 1;
            } else if (sql.startsWith("/*", i)) {
                skipBlockComment();
            } else {
                return;
            }
        }
    }

    /** Block comments nest in PostgreSQL. */
    private void skipBlockComment() {
        int depth = 0;
        do {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
            } else {
                i++;
            }
        } while (depth > 0 && i < sql.length());
    }

    private String quoted() {
        StringBuilder text = new StringBuilder();
        i++;
        while (i < sql.length()) {
            char c = sql.charAt(i++);
            if (c != '"') {
                text.append(c);
            } else if (i < sql.length() && sql.charAt(i) == '"') {
                text.append('"');
                i++;
            } else {
                break;
            }
        }
        return text.toString();
    }

    private static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    private static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || (c >= '0' && c <= '9') || c == '$';
    }

    private static String folded(String word) {
        StringBuilder lower = new StringBuilder(word.length());
        for (int k = 0; k < word.length(); k++) {
            char c = word.charAt(k);
            lower.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return lower.toString();
    }

    /** Cut at a character boundary, as PostgreSQL does (with a notice) for a longer identifier. */
    private static String truncated(String identifier) {
        if (identifier.getBytes(StandardCharsets.UTF_8).length <= MAX_IDENTIFIER_BYTES) {
            return identifier;
        }
        int end = 0;
        int bytes = 0;
        while (end < identifier.length()) {
            int codePoint = identifier.codePointAt(end);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > MAX_IDENTIFIER_BYTES) {
                break;
            }
            bytes += size;
            end += Character.charCount(codePoint);
        }
        return identifier.substring(0, end);
    }
}
