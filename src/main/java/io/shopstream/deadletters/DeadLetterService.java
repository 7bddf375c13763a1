package io.shopstream.deadletters;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Lists dead letters and replays them to their origin topics. A replay sends the selected records one after the
 * other, in (topic, partition, offset) order, so one shop's records keep their order; each is audited once Kafka
 * acknowledged it. A dead letter replayed before is skipped unless {@code force}: the consumers' delivery ledger
 * would make a second replay a no-op anyway, but repeating one is usually a mistake worth stopping.
 */
@ApplicationScoped
public class DeadLetterService {

    private final DeadLetterReader reader;
    private final DeadLetterReplayer replayer;
    private final DeadLetterReplayRepository audit;

    public DeadLetterService(DeadLetterReader reader, DeadLetterReplayer replayer, DeadLetterReplayRepository audit) {
        this.reader = reader;
        this.replayer = replayer;
        this.audit = audit;
    }

    public Uni<DeadLetterList> list(DeadLetterFilter filter) {
        return reader.scan(filter).map(DeadLetterList::of);
    }

    public Uni<ReplayResult> replay(DeadLetterFilter filter, String operator, boolean dryRun, boolean force) {
        if (filter.selectsEverything()) {
            return Uni.createFrom().failure(new InvalidRequestException(
                    "a replay needs a selection: records, dlqTopic, originTopic, shop, reason, from or to"));
        }
        return reader.scan(filter).chain(scan -> {
            requireNamedRecords(filter, scan);
            List<DeadLetterRecord> found = scan.records();
            return audit.previous(found.stream().map(r -> r.letter().id()).toList()).chain(previous -> {
                List<DeadLetterRecord> selected = new ArrayList<>();
                List<ReplayResult.Skipped> skipped = new ArrayList<>();
                for (DeadLetterRecord record : found) {
                    PriorReplay prior = previous.get(record.letter().id());
                    if (prior != null && !force) {
                        skipped.add(new ReplayResult.Skipped(record.letter(), "already replayed (force=true to repeat)",
                                prior.operator(), prior.replayedAt()));
                    } else {
                        selected.add(record);
                    }
                }
                List<DeadLetter> letters = selected.stream().map(DeadLetterRecord::letter).toList();
                if (dryRun) {
                    return Uni.createFrom().item(new ReplayResult(true, force, letters, skipped, scan.scanned(),
                            scan.truncated()));
                }
                return send(selected, operator, force).map(replayed -> new ReplayResult(false, force, replayed,
                        skipped, scan.scanned(), scan.truncated()));
            });
        });
    }

    private Uni<List<DeadLetter>> send(List<DeadLetterRecord> selected, String operator, boolean force) {
        List<DeadLetter> replayed = new ArrayList<>();
        return Multi.createFrom().iterable(selected)
                .onItem().transformToUniAndConcatenate(record -> replayOne(record, operator, force)
                        .onFailure().transform(failure -> new ReplayFailedException(replayed.size(), selected.size(),
                                record.letter().id(), failure)))
                .onItem().invoke(replayed::add)
                .collect().asList();
    }

    private Uni<DeadLetter> replayOne(DeadLetterRecord record, String operator, boolean force) {
        Context here = Vertx.currentContext();
        Instant now = Instant.now();
        DeadLetter letter = record.letter();
        return replayer.replay(record, operator, now)
                // the acknowledgement arrives on Kafka's thread; the audit's session belongs to this context
                .emitOn(task -> here.runOnContext(ignored -> task.run()))
                .chain(() -> audit.record(letter, operator, now, force))
                .invoke(() -> Log.infof(
                        "dead letter replayed dlq=%s origin=%s shop=%s webhook_id=%s record_correlation_id=%s"
                                + " operator=%s forced=%s",
                        letter.id(), letter.originTopic(), letter.shop(), letter.webhookId(), letter.correlationId(),
                        operator, force))
                .replaceWith(letter);
    }

    private static void requireNamedRecords(DeadLetterFilter filter, DeadLetterScan scan) {
        if (filter.ids().isEmpty()) {
            return;
        }
        Set<DeadLetterId> found = scan.records().stream().map(r -> r.letter().id()).collect(Collectors.toSet());
        List<DeadLetterId> missing = filter.ids().stream().filter(id -> !found.contains(id)).toList();
        if (!missing.isEmpty()) {
            throw new DeadLetterNotFoundException(missing);
        }
    }
}
