package io.shopstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.shopstream.testing.SignedSample;

class JsonBodyTest {

    @ParameterizedTest
    @ValueSource(strings = { "orders-create.json", "products-delete.json", "shop-redact.json" })
    void acceptsTheSamples(String file) {
        assertThat(JsonBody.isObject(SignedSample.load(file).body())).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "", " ", "[]", "[{\"id\":1}]", "\"text\"", "42", "null", "{\"id\":1", "{\"id\":1}{}",
            "{\"id\":1} trailing", "{\"id\":}", "<xml/>" })
    void rejectsAnythingButOneObject(String body) {
        assertThat(JsonBody.isObject(body.getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = { "{}", " {\"a\": [1, 2, {\"b\": null}]}\n" })
    void acceptsObjectsWithSurroundingWhitespace(String body) {
        assertThat(JsonBody.isObject(body.getBytes(StandardCharsets.UTF_8))).isTrue();
    }
}
