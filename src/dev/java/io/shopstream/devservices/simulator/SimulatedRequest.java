package io.shopstream.devservices.simulator;

import java.time.Instant;

/**
 * One request the simulator received: shop, {@code graphql} or {@code rest}, operation (GraphQL operation name, or
 * the top-level field; REST path), the {@code X-Correlation-Id} header, when (wall clock and {@code nanoTime}), the
 * requested and actual cost (GraphQL; null when not executed), HTTP status and outcome
 * ({@code ok, user_errors, throttled, max_cost_exceeded, unauthorized, server_error, timeout_after_apply, error}).
 */
public record SimulatedRequest(String shop, String api, String operation, String correlationId, Instant at,
        long nanos, Double requestedCost, Double actualCost, int status, String outcome, String idempotencyKey) {
}
