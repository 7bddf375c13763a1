package io.shopstream.shops;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.logging.Log;
import io.quarkus.security.identity.SecurityIdentity;
import io.shopstream.shopify.AccessToken;
import io.shopstream.shopify.ShopDomains;
import io.shopstream.support.admin.AdminRole;
import io.shopstream.support.http.Problem;
import io.smallrye.mutiny.Uni;

/**
 * {@code /admin/shops/{domain}}: an operator stores a shop's Admin API token ({@code PUT .../credentials}), sees
 * its status without the token ({@code GET}), or removes it ({@code DELETE}). Storing clears an invalid mark.
 */
@Path("/admin/shops/{domain}")
@RolesAllowed(AdminRole.NAME)
@Produces(MediaType.APPLICATION_JSON)
public class ShopCredentialsResource {

    /** The PUT body. Its {@code toString()} never shows the token. */
    public record CredentialsRequest(String accessToken, String plan) {

        @Override
        public String toString() {
            return "CredentialsRequest[accessToken=redacted, plan=" + plan + "]";
        }
    }

    private final ShopCredentialsRepository store;
    private final SecurityIdentity identity;

    public ShopCredentialsResource(ShopCredentialsRepository store, SecurityIdentity identity) {
        this.store = store;
        this.identity = identity;
    }

    @PUT
    @Path("credentials")
    public Uni<Response> store(@PathParam("domain") String domain, CredentialsRequest request) {
        if (!ShopDomains.valid(domain)) {
            return Uni.createFrom().item(problem(400, "bad-shop-domain", "Not a shop domain",
                    "The path must name a shop domain such as example.myshopify.com, in lower case."));
        }
        if (request == null || request.accessToken() == null || request.accessToken().isBlank()) {
            return Uni.createFrom().item(problem(400, "missing-access-token", "Missing access token",
                    "The body must be {\"accessToken\": \"...\", \"plan\": \"standard\"} (plan optional)."));
        }
        String operator = identity.getPrincipal().getName();
        return store.store(domain, new AccessToken(request.accessToken().trim()), request.plan(), operator)
                .invoke(status -> Log.infof("Operator %s stored Admin API credentials for %s (plan %s)", operator,
                        domain, status.plan()))
                .map(status -> Response.ok(status).build())
                .onFailure(TokenEncryptionKeyMissingException.class).recoverWithItem(() -> problem(503,
                        "token-encryption-key-missing", "Credentials cannot be stored",
                        "shopstream.shopify.token-encryption-key is not configured."));
    }

    @GET
    public Uni<Response> status(@PathParam("domain") String domain) {
        if (!ShopDomains.valid(domain)) {
            return Uni.createFrom().item(problem(400, "bad-shop-domain", "Not a shop domain",
                    "The path must name a shop domain such as example.myshopify.com, in lower case."));
        }
        return store.status(domain).map(status -> status
                .map(s -> Response.ok(s).build())
                .orElseGet(() -> problem(404, "unknown-shop", "No credentials", "No credentials for " + domain + ".")));
    }

    @DELETE
    public Uni<Response> delete(@PathParam("domain") String domain) {
        if (!ShopDomains.valid(domain)) {
            return Uni.createFrom().item(problem(400, "bad-shop-domain", "Not a shop domain",
                    "The path must name a shop domain such as example.myshopify.com, in lower case."));
        }
        String operator = identity.getPrincipal().getName();
        return store.delete(domain).map(deleted -> {
            if (!deleted) {
                return problem(404, "unknown-shop", "No stored credentials", "No stored credentials for " + domain + ".");
            }
            Log.infof("Operator %s deleted the stored Admin API credentials of %s", operator, domain);
            return Response.noContent().build();
        });
    }

    private static Response problem(int status, String kind, String title, String detail) {
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(kind, title, status, detail, null)).build();
    }
}
