package io.shopstream.ingest;

/** A Shopify header was sent twice, or in both header families: which value counts would be a guess. */
public final class AmbiguousHeaderException extends RuntimeException {

    private final String header;

    public AmbiguousHeaderException(String header, String problem) {
        super(header + " " + problem);
        this.header = header;
    }

    public String header() {
        return header;
    }
}
