package io.shopstream.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import io.shopstream.ingest.WebhookHeaders.Kind;

/**
 * Decides what becomes of one request to the webhook endpoint, from its headers and raw body alone: publish it,
 * quarantine it, or refuse it. Pure and total: any bytes and headers give a decision, never an exception.
 * <p>
 * The order is the trust boundary: nothing but ambiguity is looked at before the signature verified; a verified
 * delivery is refused only when its unsigned headers contradict its signed body (a forgery), and is otherwise
 * accepted, into quarantine when Shopstream cannot route it.
 */
public final class WebhookAdmission {

    /** What to do with a request. */
    public sealed interface Decision {
    }

    /** Publish the record and answer 200 once Kafka acknowledged it. */
    public record Publish(RawWebhookRecord record, WebhookHeaders headers, int secretIndex) implements Decision {
    }

    /** Publish to the quarantine topic and answer 200: authentic, but not routable. */
    public record Quarantine(RawWebhookRecord record, QuarantineReason reason, String detail, int secretIndex)
            implements Decision {
    }

    /** Answer {@code status} with a problem body; publish nothing. */
    public record Refuse(int status, RefusalReason reason, String title, String detail, String header)
            implements Decision {
    }

    /** Why a verified delivery was quarantined (a bounded set, for metrics). */
    public enum QuarantineReason {
        INVALID_HEADER("invalid-header"),
        NOT_A_JSON_OBJECT("not-a-json-object");

        private final String tag;

        QuarantineReason(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    /** Why a request was refused (a bounded set, for metrics and problem types). */
    public enum RefusalReason {
        INVALID_SIGNATURE("invalid-signature"),
        AMBIGUOUS_HEADER("ambiguous-header"),
        FORGED_DELIVERY("forged-delivery");

        private final String tag;

        RefusalReason(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    private final HmacVerifier verifier;
    private final TopicRouter router;
    private final Duration maxClockSkew;

    public WebhookAdmission(HmacVerifier verifier, TopicRouter router, Duration maxClockSkew) {
        this.verifier = verifier;
        this.router = router;
        this.maxClockSkew = maxClockSkew;
    }

    /**
     * @param values every value of a request header by name, case-insensitively; empty when absent
     */
    public Decision admit(Function<String, List<String>> values, byte[] body, String correlationId,
            Instant receivedAt) {
        Kind kind;
        try {
            kind = WebhookHeaders.kindOf(values).orElse(Kind.WEBHOOK);
        } catch (AmbiguousHeaderException e) {
            return new Refuse(400, RefusalReason.AMBIGUOUS_HEADER, "Ambiguous webhook header",
                    e.getMessage() + ": which value Shopify sent cannot be told", e.header());
        }
        UnaryOperator<String> header = name -> {
            List<String> all = values.apply(name);
            return all.isEmpty() ? null : all.get(0);
        };
        String signatureHeader = kind.header(WebhookHeaders.S_HMAC);
        String signature = header.apply(signatureHeader);
        OptionalInt secret = signature == null || signature.length() > WebhookHeaders.MAX_HMAC
                ? OptionalInt.empty()
                : verifier.verify(body, signature);
        if (secret.isEmpty()) {
            return new Refuse(401, RefusalReason.INVALID_SIGNATURE, "Invalid webhook signature",
                    signatureHeader + " is missing or does not match the body", null);
        }

        WebhookHeaders headers;
        try {
            headers = WebhookHeaders.parse(kind, header);
        } catch (InvalidHeaderException e) {
            return quarantine(kind, header, body, QuarantineReason.INVALID_HEADER, e.getMessage(), correlationId,
                    receivedAt, secret.getAsInt());
        }
        Optional<Instant> triggeredAt = headers.triggeredInstant();
        if (triggeredAt.isPresent() && triggeredAt.get().isAfter(receivedAt.plus(maxClockSkew))) {
            return new Refuse(401, RefusalReason.FORGED_DELIVERY, "Forged webhook delivery",
                    kind.header(WebhookHeaders.S_TRIGGERED_AT) + " is later than the moment of receipt",
                    kind.header(WebhookHeaders.S_TRIGGERED_AT));
        }
        if (kind == Kind.WEBHOOK) {
            Optional<String> forgery = SignedBody.forgery(headers.topic(), headers.shopDomain(), body);
            if (forgery.isPresent()) {
                return new Refuse(401, RefusalReason.FORGED_DELIVERY, "Forged webhook delivery", forgery.get(),
                        null);
            }
        }
        // a checked topic's body was parsed as an object above; every other body is only scanned
        if (!(kind == Kind.WEBHOOK && SignedBody.isChecked(headers.topic())) && !JsonBody.isObject(body)) {
            return quarantine(kind, header, body, QuarantineReason.NOT_A_JSON_OBJECT,
                    "the body is not a single JSON object", correlationId, receivedAt, secret.getAsInt());
        }
        String kafkaTopic = kind == Kind.EVENT ? router.events() : router.route(headers.topic());
        return new Publish(RawWebhookRecord.of(kafkaTopic, headers, body, correlationId, receivedAt), headers,
                secret.getAsInt());
    }

    private Quarantine quarantine(Kind kind, UnaryOperator<String> header, byte[] body, QuarantineReason reason,
            String detail, String correlationId, Instant receivedAt, int secret) {
        return new Quarantine(RawWebhookRecord.quarantined(router.quarantine(), kind, header, body, detail,
                correlationId, receivedAt), reason, detail, secret);
    }
}
