package io.shopstream.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.shopstream.shopify.CallOutcome;
import io.shopstream.shopify.ShopCredentialsInvalidException;
import io.shopstream.shopify.ShopQueueFullException;
import io.shopstream.shopify.ShopUninstalledException;
import io.shopstream.shopify.ShopifyUnavailableException;
import io.shopstream.shopify.ShopifyUserErrorsException;
import io.shopstream.shopify.UserError;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;

class WriteBackFailureTest {

    @Test
    void anUninstalledShopCancels() {
        assertThat(WriteBackFailure.of(new ShopUninstalledException("s", "op")).decision())
                .isEqualTo(WriteBackFailure.Decision.CANCEL);
    }

    @Test
    void userErrorsAreDeadLetteredWithTheirCodes() {
        ShopifyUserErrorsException rejected = new ShopifyUserErrorsException("s", "op", "inventorySetQuantities",
                List.of(new UserError(List.of("input"), "stale", "CHANGE_FROM_QUANTITY_STALE", null)), new JsonObject());
        WriteBackFailure failure = WriteBackFailure.of(rejected);
        assertThat(failure.decision()).isEqualTo(WriteBackFailure.Decision.DEAD_LETTER);
        assertThat(failure.codes()).isEqualTo("CHANGE_FROM_QUANTITY_STALE");
    }

    @Test
    void userErrorsWithoutCodesNameTheMutation() {
        ShopifyUserErrorsException rejected = new ShopifyUserErrorsException("s", "op", "tagsAdd",
                List.of(new UserError(List.of("id"), "Order does not exist", null, null)), new JsonObject());
        assertThat(WriteBackFailure.of(rejected).codes()).isEqualTo("USER_ERRORS:tagsAdd");
    }

    @Test
    void exhaustedRetriesAndRefusedCredentialsAreDeadLettered() {
        assertThat(WriteBackFailure.of(
                new ShopifyUnavailableException("s", "op", CallOutcome.SERVER_ERROR, 5, "HTTP 503")))
                .satisfies(f -> {
                    assertThat(f.decision()).isEqualTo(WriteBackFailure.Decision.DEAD_LETTER);
                    assertThat(f.codes()).isEqualTo("SERVER_ERROR");
                });
        assertThat(WriteBackFailure.of(new ShopCredentialsInvalidException("s", "op", "401")).codes())
                .isEqualTo("CREDENTIALS_INVALID");
    }

    @Test
    void localPassingFailuresAreRetried() {
        assertThat(WriteBackFailure.of(new ShopQueueFullException("s", "op", 1000)).decision())
                .isEqualTo(WriteBackFailure.Decision.RETRY);
        assertThat(WriteBackFailure.of(new PgException("connection lost", "FATAL", "08006", "")).decision())
                .isEqualTo(WriteBackFailure.Decision.RETRY);
    }

    @Test
    void aRejectedWriteBackCarriesItsCode() {
        assertThat(WriteBackFailure.of(new WriteBackRejectedException("SKU_NOT_STOCKED", "no")).codes())
                .isEqualTo("SKU_NOT_STOCKED");
    }
}
