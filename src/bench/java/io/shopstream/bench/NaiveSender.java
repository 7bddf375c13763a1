package io.shopstream.bench;

import java.util.ArrayDeque;
import java.util.Deque;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * The pattern of the article: at most {@code permits} requests in flight across all shops; a THROTTLED request keeps
 * its permit, waits {@code (requested - available) / restoreRate} and is sent again.
 */
final class NaiveSender implements WritebackSender {

    private static final double COST = 10;

    private final Vertx vertx;
    private final String simulator;
    private final WebClient web;
    private final Deque<Runnable> waiting = new ArrayDeque<>();
    private int free;

    NaiveSender(Vertx vertx, String simulator, int permits) {
        this.vertx = vertx;
        this.simulator = simulator;
        this.web = WebClient.create(vertx, new WebClientOptions().setMaxPoolSize(100));
        this.free = permits;
    }

    @Override
    public Uni<Void> send(ShopLoad load) {
        return Uni.createFrom().emitter(emitter -> acquire(() -> attempt(load, emitter)));
    }

    private void attempt(ShopLoad load, UniEmitter<? super Void> done) {
        web.postAbs(simulator + "/" + load.shop + "/admin/api/2026-07/graphql.json")
                .putHeader("X-Shopify-Access-Token", "shpat_bench")
                .sendJsonObject(new JsonObject().put("query", TAGS_ADD).put("variables", WritebackSender.variables()))
                .subscribe().with(response -> {
                    JsonObject body = response.bodyAsJsonObject();
                    boolean firstAnswer = load.firstAnswered.compareAndSet(false, true);
                    JsonObject status = body.getJsonObject("extensions").getJsonObject("cost")
                            .getJsonObject("throttleStatus");
                    load.level = status.getDouble("currentlyAvailable");
                    JsonArray errors = body.getJsonArray("errors");
                    if (errors != null && "THROTTLED".equals(errors.getJsonObject(0)
                            .getJsonObject("extensions").getString("code"))) {
                        (firstAnswer ? load.throttledFirst : load.throttledAfter).incrementAndGet();
                        double wait = Math.max(0, COST - status.getDouble("currentlyAvailable"))
                                / status.getDouble("restoreRate");
                        vertx.setTimer(Math.max(1, (long) Math.ceil(wait * 1000)), id -> attempt(load, done));
                        return;
                    }
                    release();
                    done.complete(null);
                }, failure -> {
                    release();
                    done.fail(failure);
                });
    }

    private void acquire(Runnable action) {
        synchronized (this) {
            if (free == 0) {
                waiting.add(action);
                return;
            }
            free--;
        }
        action.run();
    }

    private void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                free++;
                return;
            }
        }
        // a response can arrive within the send that started it: a direct call would recurse until the stack ends
        vertx.runOnContext(next);
    }

    @Override
    public void close() {
        web.close();
    }
}
