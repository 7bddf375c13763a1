package io.shopstream.support.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem body. It says what was wrong with the request and carries the correlation ID to quote to
 * operators; it never echoes the body, a secret or a token.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String header, String correlationId) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:shopstream:problem:";

    public static Problem of(String kind, String title, int status, String detail, String correlationId) {
        return new Problem(TYPE_PREFIX + kind, title, status, detail, null, correlationId);
    }

    public Problem naming(String headerName) {
        return new Problem(type, title, status, detail, headerName, correlationId);
    }
}
