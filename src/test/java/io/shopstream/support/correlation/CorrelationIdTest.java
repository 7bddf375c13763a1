package io.shopstream.support.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

class CorrelationIdTest {

    @Test
    void isAVersion7UuidCarryingTheTime() {
        long millis = 1_786_720_869_412L;
        UUID id = UUID.fromString(CorrelationId.mint(millis, ThreadLocalRandom.current()));

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(millis);
    }

    @Test
    void laterIdsSortAfterEarlierOnes() {
        String earlier = CorrelationId.mint(1_000L, ThreadLocalRandom.current());
        String later = CorrelationId.mint(2_000L, ThreadLocalRandom.current());

        assertThat(later).isGreaterThan(earlier);
    }

    @Test
    void doesNotRepeat() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(CorrelationId.mint());
        }
        assertThat(ids).hasSize(100_000);
    }
}
