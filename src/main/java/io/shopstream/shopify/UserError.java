package io.shopstream.shopify;

import java.util.List;

/** One entry of a mutation's {@code userErrors}: Shopify's code (may be null), field path and, if given, element. */
public record UserError(List<String> field, String message, String code, Integer elementIndex) {
}
