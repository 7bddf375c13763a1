package io.shopstream.processing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import io.vertx.pgclient.PgException;

class FailuresTest {

    @Test
    void connectionLossDeadlocksAndShutdownsAreTransient() {
        assertThat(Failures.isTransient(new CompletionException(new ConnectException("refused")))).isTrue();
        assertThat(Failures.isTransient(new PgException("deadlock", "ERROR", "40P01", null))).isTrue();
        assertThat(Failures.isTransient(new PgException("shutting down", "FATAL", "57P01", null))).isTrue();
        assertThat(Failures.isTransient(new RuntimeException(new PgException("too many", "FATAL", "53300", null))))
                .isTrue();
    }

    @Test
    void poisonAndDataErrorsAreNot() {
        assertThat(Failures.isTransient(new PoisonRecordException("not JSON"))).isFalse();
        assertThat(Failures.isTransient(new PgException("value too long", "ERROR", "22001", null))).isFalse();
        assertThat(Failures.isTransient(new IllegalStateException("bug"))).isFalse();
    }
}
