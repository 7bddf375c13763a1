package io.shopstream.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** YAML (and JSON) documents as plain maps and lists, with path look-ups that fail with the path they missed. */
final class Yaml {

    private static final YAMLMapper MAPPER = new YAMLMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private Yaml() {
    }

    static Map<String, Object> parse(String yaml) {
        try {
            return MAPPER.readValue(yaml, MAP);
        } catch (IOException e) {
            throw new UncheckedIOException("not YAML:\n" + yaml, e);
        }
    }

    static Map<String, Object> parse(Path file) {
        try {
            return MAPPER.readValue(file.toFile(), MAP);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    /** Every document of a multi-document stream (kubectl kustomize output), empty ones left out. */
    static List<Map<String, Object>> parseAll(String yaml) {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (MappingIterator<Map<String, Object>> it = MAPPER.readerFor(MAP).readValues(yaml)) {
            while (it.hasNextValue()) {
                Map<String, Object> document = it.nextValue();
                if (document != null && !document.isEmpty()) {
                    documents.add(document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("not a YAML stream:\n" + yaml, e);
        }
        return documents;
    }

    /** The node at a path of map keys; AssertionError naming the path when any step is missing. */
    static Object at(Object node, String... path) {
        Object current = node;
        StringBuilder walked = new StringBuilder();
        for (String key : path) {
            walked.append('.').append(key);
            if (!(current instanceof Map<?, ?> map) || !map.containsKey(key)) {
                throw new AssertionError("missing " + walked + " in " + node);
            }
            current = map.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, String... path) {
        Object value = at(node, path);
        if (!(value instanceof Map)) {
            throw new AssertionError(String.join(".", path) + " is not a mapping: " + value);
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node, String... path) {
        Object value = at(node, path);
        if (!(value instanceof List)) {
            throw new AssertionError(String.join(".", path) + " is not a list: " + value);
        }
        return (List<Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object node, String... path) {
        return (List<Map<String, Object>>) (List<?>) list(node, path);
    }

    static String string(Object node, String... path) {
        return Objects.toString(at(node, path), null);
    }
}
