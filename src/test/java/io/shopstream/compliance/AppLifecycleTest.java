package io.shopstream.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shopstream.testing.InjectKafkaCompanion;
import io.shopstream.testing.KafkaBrokerResource;
import io.shopstream.testing.Ledger;
import io.shopstream.testing.PostgresResource;
import io.shopstream.testing.RawRecords;
import io.shopstream.testing.Reactive;
import io.shopstream.testing.Sql;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class AppLifecycleTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    ShopInstallationRepository installations;

    private String shop;

    @BeforeEach
    void setUp() {
        shop = RawRecords.newShop();
    }

    private boolean isActive() {
        return Reactive.inTransaction(session -> installations.isActive(session, shop));
    }

    private Map<String, Object> installation() {
        return Sql.query("SELECT * FROM shop_installations WHERE shop_domain = ?", shop).get(0);
    }

    @Test
    void aShopNeverUninstalledIsActive() {
        assertThat(isActive()).isTrue();
    }

    @Test
    void uninstallMarksTheShopAndKeepsItsData() {
        RawRecords.send(kafka, RawRecords.of("orders-create.json", shop).build(),
                RawRecords.of("app-uninstalled.json", shop).build());
        Ledger.awaitProcessed(shop, 2);

        assertThat(installation()).containsEntry("status", "uninstalled")
                .containsEntry("uninstalled_at", OffsetDateTime.parse("2026-09-10T16:29:57.811020Z"));
        assertThat(isActive()).isFalse();
        assertThat(Sql.scalar("SELECT count(*) FROM orders WHERE shop_domain = ?", shop)).isEqualTo(1L);
    }

    @Test
    void aReinstallReactivatesTheShopAndAnOlderUninstallDeliveredLateDoesNotUndoIt() {
        RawRecords.send(kafka, RawRecords.of("app-uninstalled.json", shop).build());
        Ledger.awaitProcessed(shop, 1);

        Reactive.inTransaction(session -> installations.reinstalled(session, shop));
        assertThat(isActive()).isTrue();
        assertThat(installation()).containsEntry("status", "installed");
        assertThat(installation().get("reinstalled_at")).isNotNull();

        RawRecords.Builder late = RawRecords.of("app-uninstalled.json", shop);
        RawRecords.send(kafka, late.build());
        await().atMost(Duration.ofSeconds(30)).until(() -> Ledger.outcome(shop, late.webhookId()) != null);
        assertThat(Ledger.outcome(shop, late.webhookId())).isEqualTo("stale");
        assertThat(isActive()).isTrue();
    }

    @Test
    void aRedeliveredUninstallIsProcessedOnce() {
        RawRecords.Builder uninstall = RawRecords.of("app-uninstalled.json", shop);
        RawRecords.Builder scopes = RawRecords.of("app-uninstalled.json", shop).topic("app/scopes_update");
        RawRecords.send(kafka, uninstall.build(), uninstall.build(), scopes.build());
        Ledger.awaitProcessed(shop, 2);

        assertThat(Ledger.processed(shop)).isEqualTo(2);
        assertThat(Ledger.outcome(shop, uninstall.webhookId())).isEqualTo("applied");
        assertThat(Ledger.outcome(shop, scopes.webhookId())).isEqualTo("recorded");
        assertThat(isActive()).isFalse();
    }
}
