package io.shopstream.shopify;

/** Admin API global ids ({@code gid://shopify/Order/6123456789012}) and the numeric ids of webhooks and REST. */
public final class Gids {

    private Gids() {
    }

    /** The gid of a {@code type} (e.g. {@code Order}) with a numeric id. */
    public static String of(String type, long id) {
        return "gid://shopify/" + type + '/' + id;
    }

    /** The numeric id at the end of a gid. */
    public static long numericId(String gid) {
        return Long.parseLong(gid.substring(gid.lastIndexOf('/') + 1));
    }
}
