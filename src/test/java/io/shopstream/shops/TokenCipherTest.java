package io.shopstream.shops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import io.shopstream.shopify.AccessToken;
import io.shopstream.shopify.ShopCredentials;

class TokenCipherTest {

    private static final String KEY = Base64.getEncoder()
            .encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    private final TokenCipher cipher = TokenCipher.fromBase64(KEY);

    @Test
    void roundTripsAndNeverStoresThePlainToken() {
        byte[] sealed = cipher.encrypt("a.myshopify.com", new AccessToken("shpat_secret_value"));
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("shpat_secret_value");
        assertThat(cipher.decrypt("a.myshopify.com", sealed).value()).isEqualTo("shpat_secret_value");
        // a fresh nonce each time
        assertThat(cipher.encrypt("a.myshopify.com", new AccessToken("shpat_secret_value"))).isNotEqualTo(sealed);
    }

    @Test
    void aTokenCopiedToAnotherShopOrReadWithAnotherKeyDoesNotDecrypt() {
        byte[] sealed = cipher.encrypt("a.myshopify.com", new AccessToken("shpat_secret_value"));
        assertThatThrownBy(() -> cipher.decrypt("b.myshopify.com", sealed))
                .isInstanceOf(IllegalStateException.class).hasMessageNotContaining("shpat");
        TokenCipher other = TokenCipher.fromBase64(Base64.getEncoder().encodeToString(new byte[32]));
        assertThatThrownBy(() -> other.decrypt("a.myshopify.com", sealed)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesKeysThatAreNot32BytesWithoutEchoingThem() {
        assertThatThrownBy(() -> TokenCipher.fromBase64("c2hvcnQ=")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("c2hvcnQ=");
        assertThatThrownBy(() -> TokenCipher.fromBase64("not base64 at all!")).hasMessageNotContaining("at all");
    }

    @Test
    void tokensAreRedactedInToString() {
        AccessToken token = new AccessToken("shpat_secret_value");
        assertThat(token.toString()).doesNotContain("shpat");
        ShopCredentials credentials = new ShopCredentials("a.myshopify.com", token, "standard",
                ShopCredentials.Source.TABLE, null);
        assertThat(credentials.toString()).doesNotContain("shpat").contains("redacted");
        assertThat(new ShopCredentialsResource.CredentialsRequest("shpat_secret_value", "plus").toString())
                .doesNotContain("shpat");
    }
}
