package io.shopstream.ingest;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopstream.ingest.WebhookAdmission.QuarantineReason;
import io.shopstream.ingest.WebhookAdmission.RefusalReason;

/**
 * What the trust boundary decided, by reason (bounded sets): verified deliveries sent to quarantine, and requests
 * refused as ambiguous or forged. Signature failures keep their own counter in {@link IngestMetrics}.
 */
@ApplicationScoped
public class AdmissionMetrics {

    public static final String QUARANTINED = "shopstream.webhooks.quarantined";
    public static final String REFUSED = "shopstream.webhooks.refused";

    private final Counter[] quarantined = new Counter[QuarantineReason.values().length];
    private final Counter[] refused = new Counter[RefusalReason.values().length];

    public AdmissionMetrics(MeterRegistry registry) {
        for (QuarantineReason reason : QuarantineReason.values()) {
            quarantined[reason.ordinal()] = Counter.builder(QUARANTINED)
                    .description("Verified deliveries Shopstream could not route, published to the quarantine topic")
                    .tag("reason", reason.tag())
                    .register(registry);
        }
        for (RefusalReason reason : RefusalReason.values()) {
            if (reason != RefusalReason.INVALID_SIGNATURE) {
                refused[reason.ordinal()] = Counter.builder(REFUSED)
                        .description("Requests refused: headers that are ambiguous or contradict the signed body")
                        .tag("reason", reason.tag())
                        .register(registry);
            }
        }
    }

    void quarantined(QuarantineReason reason) {
        quarantined[reason.ordinal()].increment();
    }

    void refused(RefusalReason reason) {
        refused[reason.ordinal()].increment();
    }
}
