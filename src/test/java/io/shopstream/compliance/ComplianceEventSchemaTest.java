package io.shopstream.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.shopstream.support.outbox.EventSource;

/**
 * The schema of {@code shopstream.compliance.v1} rejects what breaks the contract. The events themselves are validated
 * where the compliance tests receive them from Kafka.
 */
class ComplianceEventSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventSource SOURCE = new EventSource("customers/redact", "w-1", null, null);

    private static ComplianceEvent redacted(Long customerId) {
        return new ComplianceEvent(1, ComplianceEvent.CUSTOMER_REDACTED, "a-shop.myshopify.com", customerId,
                List.of(1L), null, null, null, null, Map.of("orders", 1L), "2026-09-01T12:00:05Z", SOURCE);
    }

    @Test
    void aCompleteEventIsValid() {
        assertThat(ComplianceTesting.violations(JSON.valueToTree(redacted(7L)))).isEmpty();
    }

    @Test
    void aRedactionWithoutItsCustomerIsRejected() {
        assertThat(ComplianceTesting.violations(JSON.valueToTree(redacted(null)))).isNotEmpty();
    }

    @Test
    void anUnknownTypeOrVersionIsRejected() {
        assertThat(ComplianceTesting.violations(ComplianceTesting.json(
                "{\"schema_version\":2,\"type\":\"customer-redacted\"}"))).isNotEmpty();
        assertThat(ComplianceTesting.violations(ComplianceTesting.json("""
                {"schema_version":1,"type":"shop-deleted","shop_domain":"a-shop.myshopify.com","records":{},
                 "fulfilled_at":"2026-09-01T12:00:05Z","source":{"topic":"shop/redact","webhook_id":"w"}}""")))
                .isNotEmpty();
    }
}
