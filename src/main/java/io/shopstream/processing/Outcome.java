package io.shopstream.processing;

/** What processing a delivery did; recorded in the ledger. */
public enum Outcome {
    /** The change was applied. */
    APPLIED,
    /** An older version than what is stored, or older than a deletion: nothing changed. */
    STALE,
    /** Kept in the ledger (and, for some topics, recorded) without changing the model. */
    RECORDED,
    /** The same delivery was processed before: nothing changed. Never written to the ledger. */
    DUPLICATE,
    /**
     * Its signed body was first seen under another shop, or under another topic and now sent as a destructive
     * one: a re-sent body with forged headers. Recorded in the ledger; nothing changed.
     */
    FORGED;

    public String column() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
