package dev.flotilla.coordinator.plan;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses {@link TenantSelector}s. A malformed selector fails with a {@link SelectorException} naming
 * the 1-based position of the first character that does not fit and what was expected there. Pure.
 *
 * <pre>
 * selector := '*' | clause (',' clause)*
 * clause   := key ('=' | '!=') value | key 'in' '(' value (',' value)* ')'
 * key      := [a-z] [a-z0-9_.-]*          value := [A-Za-z0-9_.-]+
 * </pre>
 */
public final class SelectorParser {

    private final String text;
    private int at;

    private SelectorParser(String text) {
        this.text = text;
    }

    public static TenantSelector parse(String text) {
        if (text == null) {
            throw new SelectorException(1, "expected a selector, such as * or group=beta");
        }
        return new SelectorParser(text).selector();
    }

    private TenantSelector selector() {
        skipSpaces();
        if (peek() == '*') {
            at++;
            expectEnd();
            return new TenantSelector.Every();
        }
        List<TenantSelector.Clause> clauses = new ArrayList<>();
        clauses.add(clause());
        skipSpaces();
        while (peek() == ',') {
            at++;
            clauses.add(clause());
            skipSpaces();
        }
        expectEnd();
        return new TenantSelector.AllOf(clauses);
    }

    private TenantSelector.Clause clause() {
        skipSpaces();
        String key = key();
        skipSpaces();
        if (peek() == '=') {
            at++;
            return new TenantSelector.Equals(key, value());
        }
        if (peek() == '!' && peekNext() == '=') {
            at += 2;
            return new TenantSelector.NotEquals(key, value());
        }
        if (text.startsWith("in", at) && !isKeyChar(charAt(at + 2))) {
            at += 2;
            return new TenantSelector.In(key, valueList());
        }
        throw error("expected =, != or in after '" + key + "'");
    }

    private Set<String> valueList() {
        skipSpaces();
        if (peek() != '(') {
            throw error("expected ( to start the list of values");
        }
        at++;
        Set<String> values = new LinkedHashSet<>();
        values.add(value());
        skipSpaces();
        while (peek() == ',') {
            at++;
            values.add(value());
            skipSpaces();
        }
        if (peek() != ')') {
            throw error("expected , or ) in the list of values");
        }
        at++;
        return values;
    }

    private String key() {
        int start = at;
        if (!(peek() >= 'a' && peek() <= 'z')) {
            throw error("expected a label key (lower case letters, digits, _ . -), or *");
        }
        while (isKeyChar(peek())) {
            at++;
        }
        return text.substring(start, at);
    }

    private String value() {
        skipSpaces();
        int start = at;
        while (isValueChar(peek())) {
            at++;
        }
        if (start == at) {
            throw error("expected a value (letters, digits, _ . -)");
        }
        return text.substring(start, at);
    }

    private void expectEnd() {
        skipSpaces();
        if (at < text.length()) {
            throw error("expected , or the end of the selector");
        }
    }

    private void skipSpaces() {
        while (peek() == ' ' || peek() == '\t') {
            at++;
        }
    }

    private char peek() {
        return charAt(at);
    }

    private char peekNext() {
        return charAt(at + 1);
    }

    private char charAt(int index) {
        return index < text.length() ? text.charAt(index) : '\0';
    }

    /** Whether {@code text} is a label key a selector can name. */
    public static boolean isKey(String text) {
        return !text.isEmpty()
                && text.charAt(0) >= 'a'
                && text.charAt(0) <= 'z'
                && text.chars().allMatch(c -> isKeyChar((char) c));
    }

    /** Whether {@code text} is a label value a selector can name. */
    public static boolean isValue(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> isValueChar((char) c));
    }

    private static boolean isKeyChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    }

    private static boolean isValueChar(char c) {
        return isKeyChar(c) || (c >= 'A' && c <= 'Z');
    }

    private SelectorException error(String expected) {
        String found = at < text.length() ? "'" + text.charAt(at) + "'" : "the end";
        return new SelectorException(at + 1, expected + ", found " + found);
    }
}
