package io.shopstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.shopstream.ingest.WebhookAdmission.Decision;
import io.shopstream.ingest.WebhookAdmission.Publish;
import io.shopstream.ingest.WebhookAdmission.Quarantine;
import io.shopstream.ingest.WebhookAdmission.Refuse;
import io.shopstream.testing.SignedSample;
import io.shopstream.testing.Signatures;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the trust boundary over arbitrary requests: any bytes and any headers give a decision (never an
 * exception, so never a 5xx), nothing is published or quarantined without a signature that verifies, and a refusal
 * is always a 4xx.
 */
class WebhookAdmissionProperties {

    private static final String SECRET = SignedSample.SECRET;
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final List<String> NAMES = List.of("X-Shopify-Topic", "X-Shopify-Shop-Domain",
            "X-Shopify-Webhook-Id", "X-Shopify-API-Version", "X-Shopify-Event-Id", "X-Shopify-Triggered-At",
            "X-Shopify-Name", "X-Shopify-Sub-Topic", "X-Shopify-Hmac-Sha256", "Shopify-Topic", "Shopify-Shop-Domain",
            "Shopify-Webhook-Id", "Shopify-Event-Id", "Shopify-API-Version", "Shopify-Hmac-Sha256",
            "Shopify-Action", "Content-Type");

    private final WebhookAdmission admission = new WebhookAdmission(new HmacVerifier(List.of(SECRET)),
            TopicRouter.withDefaults(), Duration.ofMinutes(5));

    /** A request: headers (some repeated) and a body; signed correctly or not. */
    record Request(Map<String, List<String>> headers, byte[] body, boolean signed) {
    }

    @Property(tries = 2000)
    void anyRequestGetsADecisionAndOnlyASignedOneIsPublished(@ForAll("requests") Request request) {
        Decision decision = admission.admit(name -> request.headers().getOrDefault(name, List.of()), request.body(),
                "corr", NOW);

        assertThat(decision).isNotNull();
        if (decision instanceof Refuse refused) {
            assertThat(refused.status()).isBetween(400, 499);
        } else {
            assertThat(request.signed()).as("published without a valid signature").isTrue();
            byte[] published = decision instanceof Publish p ? p.record().value()
                    : ((Quarantine) decision).record().value();
            assertThat(published).isEqualTo(request.body());
        }
    }

    @Property(tries = 500)
    void aSignedSampleWithArbitraryHeaderValuesIsNeverA5xxAndNeverRefusedForItsShape(
            @ForAll("sampleFiles") String file, @ForAll("headerNames") String header, @ForAll("values") String value) {
        SignedSample sample = SignedSample.load(file);
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        sample.headers().forEach((name, v) -> headers.put(name, List.of(v)));
        if (!header.toLowerCase().contains("hmac")) {
            headers.put(header, List.of(value));
        }

        Decision decision = admission.admit(name -> headers.getOrDefault(name, List.of()), sample.body(), "c", NOW);

        if (decision instanceof Refuse refused) {
            // a signed body is refused only as a forgery: its unsigned headers contradict it
            assertThat(refused.reason()).isIn(WebhookAdmission.RefusalReason.FORGED_DELIVERY,
                    WebhookAdmission.RefusalReason.AMBIGUOUS_HEADER);
        }
    }

    @Provide
    Arbitrary<String> sampleFiles() {
        return Arbitraries.of(SignedSample.files());
    }

    @Provide
    Arbitrary<String> headerNames() {
        return Arbitraries.of(NAMES);
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(300),
                Arbitraries.strings().withChars("a/.").ofMinLength(1).ofMaxLength(20_000),
                Arbitraries.of("orders/create", "customer.tags_added", "shop/redact", "orders/delete",
                        "app/uninstalled", "other.myshopify.com", "2026-07", "9999-12-31T23:59:59Z", "unstable",
                        "", " ", "\u0000", "é.myshopify.com"));
    }

    @Provide
    Arbitrary<Request> requests() {
        Arbitrary<byte[]> bodies = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                Arbitraries.of(SignedSample.files()).map(file -> SignedSample.load(file).body()),
                Arbitraries.strings().ofMaxLength(200).map(s -> s.getBytes(StandardCharsets.UTF_8)));
        Arbitrary<List<Map.Entry<String, String>>> pairs = Combinators.combine(Arbitraries.of(NAMES), values())
                .as(Map::entry).list().ofMaxSize(14);
        return Combinators.combine(pairs, bodies, Arbitraries.integers().between(0, 2)).as((list, body, signing) -> {
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (Map.Entry<String, String> pair : list) {
                headers.computeIfAbsent(pair.getKey(), k -> new ArrayList<>()).add(pair.getValue());
            }
            boolean signed = signing > 0;
            String signature = signed ? Signatures.sign(body, SECRET) : Signatures.sign(body, "not-the-secret");
            if (signing != 1) {
                headers.put(signing == 2 ? "Shopify-Hmac-Sha256" : "X-Shopify-Hmac-Sha256", List.of(signature));
            } else {
                headers.put("X-Shopify-Hmac-Sha256", new ArrayList<>(List.of(signature)));
                headers.remove("Shopify-Hmac-Sha256");
            }
            return new Request(headers, body, signed);
        });
    }
}
