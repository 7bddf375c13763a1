package io.shopstream.compliance;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.shopstream.processing.Delivery;
import io.smallrye.mutiny.Uni;

/**
 * {@code compliance_requests}: that a privacy request was fulfilled, when, and how many records of which kind it
 * touched; the proof for an audit. It names no customer and survives {@code shop/redact}.
 */
@ApplicationScoped
public class ComplianceRequestRepository {

    private static final String INSERT = """
            INSERT INTO compliance_requests (shop_domain, webhook_id, kind, shopify_request_id, triggered_at, records,
                export_id)
            VALUES (:shop, :webhookId, :kind, CAST(:requestId AS bigint), CAST(:triggeredAt AS timestamptz),
                CAST(CAST(:records AS text) AS jsonb), CAST(:exportId AS uuid))
            ON CONFLICT (shop_domain, webhook_id) DO NOTHING""";

    private final ObjectMapper json;

    public ComplianceRequestRepository(ObjectMapper json) {
        this.json = json;
    }

    public Uni<Void> record(Mutiny.Session session, Delivery delivery, Long shopifyRequestId,
            Map<String, Long> records, String exportId) {
        return session.createNativeQuery(INSERT)
                .setParameter("shop", delivery.shopDomain())
                .setParameter("webhookId", delivery.webhookId())
                .setParameter("kind", delivery.topic())
                .setParameter("requestId", shopifyRequestId)
                .setParameter("triggeredAt", delivery.triggeredAt())
                .setParameter("records", toJson(records))
                .setParameter("exportId", exportId)
                .executeUpdate()
                .replaceWithVoid();
    }

    private String toJson(Map<String, Long> records) {
        try {
            return json.writeValueAsString(records);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("record counts could not be serialised", e);
        }
    }
}
