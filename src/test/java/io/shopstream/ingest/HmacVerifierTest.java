package io.shopstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.shopstream.testing.SignedSample;
import io.shopstream.testing.Signatures;

class HmacVerifierTest {

    private static final String SECRET = SignedSample.SECRET;
    private final HmacVerifier verifier = new HmacVerifier(List.of(SECRET));

    static List<String> samples() {
        return SignedSample.files();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everySharedSampleVerifiesWithTheTestSecret(String file) {
        SignedSample sample = SignedSample.load(file);

        assertThat(verifier.verify(sample.body(), sample.header("X-Shopify-Hmac-Sha256"))).hasValue(0);
    }

    @Test
    void rejectsABodyWithOneFlippedByte() {
        SignedSample sample = SignedSample.load("orders-create.json");
        byte[] tampered = sample.body().clone();
        tampered[tampered.length / 2] ^= 0x01;

        assertThat(verifier.verify(tampered, sample.header("X-Shopify-Hmac-Sha256"))).isEmpty();
    }

    @Test
    void rejectsASignatureMadeWithAnotherSecret() {
        byte[] body = SignedSample.load("orders-create.json").body();

        assertThat(verifier.verify(body, Signatures.sign(body, "some-other-secret"))).isEmpty();
    }

    @Test
    void rejectsMissingEmptyAndMalformedHeaders() {
        byte[] body = SignedSample.load("orders-create.json").body();

        assertThat(verifier.verify(body, null)).isEmpty();
        assertThat(verifier.verify(body, "")).isEmpty();
        assertThat(verifier.verify(body, "   ")).isEmpty();
        assertThat(verifier.verify(body, "not base64 at all!")).isEmpty();
        assertThat(verifier.verify(body, Base64.getEncoder().encodeToString("short".getBytes()))).isEmpty();
    }

    @Test
    void toleratesSurroundingWhitespaceInTheHeader() {
        SignedSample sample = SignedSample.load("orders-create.json");

        assertThat(verifier.verify(sample.body(), " " + sample.header("X-Shopify-Hmac-Sha256") + " ")).hasValue(0);
    }

    @Test
    void acceptsAnyRotatedSecretAndSaysWhichMatched() {
        HmacVerifier rotating = new HmacVerifier(List.of("the-new-secret", SECRET));
        byte[] body = "{\"id\":1}".getBytes(StandardCharsets.UTF_8);

        assertThat(rotating.verify(body, Signatures.sign(body, "the-new-secret"))).isEqualTo(OptionalInt.of(0));
        assertThat(rotating.verify(body, Signatures.sign(body, SECRET))).isEqualTo(OptionalInt.of(1));
        assertThat(rotating.verify(body, Signatures.sign(body, "retired-secret"))).isEmpty();
    }

    @Test
    void verifiesTheRawBytesNotAReformattedJsonTree() {
        SignedSample sample = SignedSample.load("products-delete.json");
        byte[] reformatted = new String(sample.body(), StandardCharsets.UTF_8).replace(" ", "")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(reformatted).isNotEqualTo(sample.body());
        assertThat(verifier.verify(reformatted, sample.header("X-Shopify-Hmac-Sha256"))).isEmpty();
    }

    @Test
    void refusesToStartWithoutASecret() {
        assertThatThrownBy(() -> new HmacVerifier(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HmacVerifier(List.of(" "))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void neverPrintsItsSecrets() {
        assertThat(verifier.toString()).doesNotContain(SECRET);
    }
}
