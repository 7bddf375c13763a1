package io.shopstream.devservices.simulator;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/**
 * The top-level fields of a GraphQL document, without a full parser: for each, its name, alias, arguments (variables
 * resolved, simple literals read) and {@code @idempotent(key:)}. Only the first operation counts; fragments are not
 * supported, as Shopstream sends none.
 */
final class GraphQlDocument {

    /** One top-level field: {@code text} is its source, selection set included. */
    record Field(String name, String alias, JsonObject arguments, String idempotencyKey, String text) {

        String responseKey() {
            return alias != null ? alias : name;
        }
    }

    private final String source;
    private final JsonObject variables;
    private int at;

    private GraphQlDocument(String source, JsonObject variables) {
        this.source = source;
        this.variables = variables;
    }

    /** The top-level fields in document order; empty when the document cannot be read. */
    static List<Field> topFields(String document, JsonObject variables) {
        try {
            return new GraphQlDocument(document, variables).fields();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private List<Field> fields() {
        skipToSelectionSet();
        List<Field> fields = new ArrayList<>();
        while (true) {
            skipIgnored();
            if (at >= source.length() || source.charAt(at) == '}') {
                return fields;
            }
            int start = at;
            String alias = null;
            String name = name();
            skipIgnored();
            if (peek(':')) {
                at++;
                skipIgnored();
                alias = name;
                name = name();
                skipIgnored();
            }
            JsonObject arguments = peek('(') ? arguments() : new JsonObject();
            String key = null;
            skipIgnored();
            while (peek('@')) {
                at++;
                String directive = name();
                skipIgnored();
                JsonObject directiveArguments = peek('(') ? arguments() : new JsonObject();
                if ("idempotent".equals(directive)) {
                    key = directiveArguments.getValue("key") instanceof String k ? k : null;
                }
                skipIgnored();
            }
            if (peek('{')) {
                skipBalanced('{', '}');
            }
            fields.add(new Field(name, alias, arguments, key, source.substring(start, at)));
        }
    }

    /** Past the operation's header (its variable definitions may hold brackets, never a top-level brace). */
    private void skipToSelectionSet() {
        int parentheses = 0;
        while (at < source.length()) {
            char c = source.charAt(at++);
            if (c == '"') {
                skipString();
            } else if (c == '(') {
                parentheses++;
            } else if (c == ')') {
                parentheses--;
            } else if (c == '{' && parentheses == 0) {
                return;
            }
        }
        throw new IllegalArgumentException("no selection set");
    }

    private JsonObject arguments() {
        at++; // (
        JsonObject arguments = new JsonObject();
        while (true) {
            skipIgnored();
            if (peek(')')) {
                at++;
                return arguments;
            }
            String name = name();
            skipIgnored();
            expect(':');
            skipIgnored();
            arguments.put(name, value());
        }
    }

    private Object value() {
        char c = source.charAt(at);
        if (c == '$') {
            at++;
            return variables.getValue(name());
        }
        if (c == '"') {
            int start = ++at;
            skipString();
            return source.substring(start, at - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        if (c == '[' || c == '{') {
            int start = at;
            skipBalanced(c, c == '[' ? ']' : '}');
            return literal(source.substring(start, at));
        }
        String token = name();
        return switch (token) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            case "null" -> null;
            default -> number(token);
        };
    }

    /** A list or object literal that is also JSON (a list of strings, say), else its text. */
    private static Object literal(String text) {
        try {
            return Json.decodeValue(text);
        } catch (RuntimeException e) {
            return text;
        }
    }

    private static Object number(String token) {
        try {
            return token.contains(".") ? (Object) Double.parseDouble(token) : (Object) Long.parseLong(token);
        } catch (NumberFormatException e) {
            return token; // an enum value
        }
    }

    private String name() {
        int start = at;
        while (at < source.length()
                && (Character.isLetterOrDigit(source.charAt(at)) || "_-.".indexOf(source.charAt(at)) >= 0)) {
            at++;
        }
        if (start == at) {
            throw new IllegalArgumentException("a name expected at " + at);
        }
        return source.substring(start, at);
    }

    /** From an opening bracket to just past its match. */
    private void skipBalanced(char open, char close) {
        int depth = 0;
        while (at < source.length()) {
            char c = source.charAt(at++);
            if (c == '"') {
                skipString();
            } else if (c == open) {
                depth++;
            } else if (c == close && --depth == 0) {
                return;
            }
        }
        throw new IllegalArgumentException("unbalanced " + open);
    }

    /** Just inside a string: to just past its closing quote. */
    private void skipString() {
        while (at < source.length()) {
            char c = source.charAt(at++);
            if (c == '\\') {
                at++;
            } else if (c == '"') {
                return;
            }
        }
    }

    private void skipIgnored() {
        while (at < source.length()) {
            char c = source.charAt(at);
            if (c == '#') {
                while (at < source.length() && source.charAt(at) != '\n') {
                    at++;
                }
            } else if (Character.isWhitespace(c) || c == ',') {
                at++;
            } else {
                return;
            }
        }
    }

    private boolean peek(char c) {
        return at < source.length() && source.charAt(at) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw new IllegalArgumentException("'" + c + "' expected at " + at);
        }
        at++;
    }
}
