-- Who replayed which dead letter, and when: one row per record sent back to its origin topic, written once Kafka
-- acknowledged it. Never the payload (it holds customers' personal data; Kafka's retention erases it, this table
-- must not keep a copy).
CREATE TABLE dead_letter_replays (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    operator         text        NOT NULL,
    replayed_at      timestamptz NOT NULL DEFAULT now(),
    dlq_topic        text        NOT NULL,
    dlq_partition    integer     NOT NULL,
    dlq_offset       bigint      NOT NULL,
    origin_topic     text        NOT NULL,
    shop_domain      text,
    webhook_id       text,
    correlation_id   text,
    reason           text,
    forced           boolean     NOT NULL DEFAULT false
);
CREATE INDEX dead_letter_replays_record ON dead_letter_replays (dlq_topic, dlq_partition, dlq_offset);
CREATE INDEX dead_letter_replays_shop ON dead_letter_replays (shop_domain, replayed_at);
