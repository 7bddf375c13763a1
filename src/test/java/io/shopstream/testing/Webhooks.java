package io.shopstream.testing;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Sends webhooks to {@code POST /webhooks/shopify} as Shopify would. */
public final class Webhooks {

    public static final String PATH = "/webhooks/shopify";

    private Webhooks() {
    }

    public static RequestSpecification request(SignedSample sample) {
        RequestSpecification request = given().body(sample.body());
        sample.headers().forEach(request::header);
        return request;
    }

    public static Response send(SignedSample sample) {
        return request(sample).when().post(PATH);
    }
}
