package io.shopstream.ingest;

/** A required Shopify header is missing, or a header's value is malformed. */
public final class InvalidHeaderException extends RuntimeException {

    private final String header;

    public InvalidHeaderException(String header, String problem) {
        super(header + " " + problem);
        this.header = header;
    }

    /** The header's canonical name, e.g. {@code X-Shopify-Shop-Domain}. */
    public String header() {
        return header;
    }
}
