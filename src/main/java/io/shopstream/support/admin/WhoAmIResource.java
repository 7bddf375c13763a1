package io.shopstream.support.admin;

import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.security.identity.SecurityIdentity;

/** {@code GET /admin/whoami}: which operator a token belongs to, so an operator can check a token before using it. */
@Path("/admin/whoami")
@RolesAllowed(AdminRole.NAME)
public class WhoAmIResource {

    private final SecurityIdentity identity;

    public WhoAmIResource(SecurityIdentity identity) {
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> whoAmI() {
        return Map.of("operator", identity.getPrincipal().getName());
    }
}
