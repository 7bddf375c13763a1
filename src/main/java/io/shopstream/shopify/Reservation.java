package io.shopstream.shopify;

/** Budget taken from a shop's bucket for one request before it is sent: its sequence number and its cost. */
public record Reservation(long sequence, double cost) {
}
