package io.shopstream.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * Records the raw topics for a test class (through the class's {@code @InjectKafkaCompanion} field) and checks that
 * a refused request published nothing: a valid webhook is published after it, and once that one is read, none of
 * the refused one's records can still be on the way. Register with {@code @RegisterExtension static}.
 */
public final class Unpublished implements BeforeEachCallback, AfterAllCallback {

    private TopicRecorder recorder;

    @Override
    public void beforeEach(ExtensionContext context) throws IllegalAccessException {
        if (recorder == null) {
            Object test = context.getRequiredTestInstance();
            for (Field field : test.getClass().getDeclaredFields()) {
                if (field.getType().getName().equals(KafkaCompanion.class.getName())) {
                    field.setAccessible(true);
                    recorder = TopicRecorder.start((KafkaCompanion) field.get(test));
                }
            }
            assertThat(recorder).as("a KafkaCompanion field in " + test.getClass()).isNotNull();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (recorder != null) {
            recorder.close();
            recorder = null;
        }
    }

    /** Nothing was published with the refused request's correlation ID. */
    public void assertNothingFor(String refusedCorrelationId) {
        assertThat(refusedCorrelationId).isNotBlank();
        flush();
        assertThat(recorder.withCorrelationId(refusedCorrelationId)).isEmpty();
    }

    /** Nothing was published for a shop that only refused requests named (for requests nobody answered). */
    public void assertNothingForShop(String shop) {
        flush();
        assertThat(recorder.withKey(shop)).isEmpty();
    }

    public TopicRecorder recorder() {
        return recorder;
    }

    private void flush() {
        String control = Webhooks.send(SignedSample.load("products-delete.json")).then().statusCode(200)
                .extract().header("X-Correlation-Id");
        recorder.awaitOne(control);
    }
}
