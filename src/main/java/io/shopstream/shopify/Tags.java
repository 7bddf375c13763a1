package io.shopstream.shopify;

import java.util.Arrays;
import java.util.List;

/** Shopify's tags: the comma-separated string of webhooks and REST, and the GraphQL fields that change them. */
public final class Tags {

    /** A {@code tagsAdd} field of a mutation with the variables {@code $id} and {@code $tags}. */
    public static final String ADD_FIELD = "tagsAdd(id: $id, tags: $tags) { node { id } userErrors { field message } }";
    /** A {@code tagsRemove} field of a mutation with the variables {@code $id} and {@code $tags}. */
    public static final String REMOVE_FIELD =
            "tagsRemove(id: $id, tags: $tags) { node { id } userErrors { field message } }";

    private Tags() {
    }

    /** The tags of a tags string, trimmed, empty ones left out. */
    public static List<String> split(String tags) {
        if (tags == null || tags.isBlank()) {
            return List.of();
        }
        return Arrays.stream(tags.split(",")).map(String::trim).filter(tag -> !tag.isEmpty()).toList();
    }

    /** Whether a tags string holds {@code tag}; Shopify's tags are case-insensitive. */
    public static boolean has(String tags, String tag) {
        return split(tags).stream().anyMatch(tag::equalsIgnoreCase);
    }
}
