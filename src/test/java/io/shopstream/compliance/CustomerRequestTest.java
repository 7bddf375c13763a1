package io.shopstream.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.shopstream.processing.PoisonRecordException;
import io.shopstream.support.json.ShopifyJson;
import io.shopstream.testing.SignedSample;

class CustomerRequestTest {

    private static CustomerRequest redaction(String json) {
        return CustomerRequest.redaction(ShopifyJson.parseObject(json.getBytes()));
    }

    @Test
    void readsTheRedactionSample() {
        CustomerRequest request = CustomerRequest.redaction(
                ShopifyJson.parseObject(SignedSample.load("customers-redact.json").body()));

        assertThat(request.customerId()).isEqualTo(7612345678901L);
        assertThat(request.orderIds()).containsExactly(6123456789012L, 6123456789013L);
        assertThat(request.orderIdsJson()).isEqualTo("[6123456789012,6123456789013]");
        assertThat(request.dataRequestId()).isNull();
    }

    @Test
    void readsTheDataRequestSample() {
        CustomerRequest request = CustomerRequest.dataRequest(
                ShopifyJson.parseObject(SignedSample.load("customers-data_request.json").body()));

        assertThat(request.customerId()).isEqualTo(7612345678901L);
        assertThat(request.orderIds()).containsExactly(6123456789012L, 6123456789013L);
        assertThat(request.dataRequestId()).isEqualTo(4412345L);
    }

    @Test
    void noOrdersIsAnEmptyList() {
        assertThat(redaction("{\"customer\":{\"id\":1}}").orderIdsJson()).isEqualTo("[]");
        assertThat(redaction("{\"customer\":{\"id\":1},\"orders_to_redact\":null}").orderIds()).isEmpty();
    }

    @Test
    void aPayloadWithoutACustomerIdOrWithNonIntegerOrderIdsIsPoison() {
        assertThatThrownBy(() -> redaction("{\"orders_to_redact\":[1]}")).isInstanceOf(PoisonRecordException.class);
        assertThatThrownBy(() -> redaction("{\"customer\":{\"email\":\"a@b.c\"}}"))
                .isInstanceOf(PoisonRecordException.class);
        assertThatThrownBy(() -> redaction("{\"customer\":{\"id\":1},\"orders_to_redact\":[\"1\"]}"))
                .isInstanceOf(PoisonRecordException.class);
        assertThatThrownBy(() -> redaction("{\"customer\":{\"id\":1},\"orders_to_redact\":7}"))
                .isInstanceOf(PoisonRecordException.class);
    }
}
