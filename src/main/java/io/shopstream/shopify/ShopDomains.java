package io.shopstream.shopify;

import java.util.Locale;
import java.util.regex.Pattern;

/** Shop domains as they may appear in a URL: host-name characters only, lower case. */
public final class ShopDomains {

    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");

    private ShopDomains() {
    }

    public static boolean valid(String shop) {
        return shop != null && shop.length() <= 255 && DOMAIN.matcher(shop).matches();
    }

    /** @throws IllegalArgumentException for anything but a lower-case host name */
    public static String require(String shop) {
        if (!valid(shop)) {
            throw new IllegalArgumentException("not a shop domain: " + (shop == null ? null
                    : shop.substring(0, Math.min(shop.length(), 80)).toLowerCase(Locale.ROOT)));
        }
        return shop;
    }
}
