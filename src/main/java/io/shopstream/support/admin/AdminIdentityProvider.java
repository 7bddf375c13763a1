package io.shopstream.support.admin;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/** Turns an admin bearer token into an identity named after its operator, with the {@value AdminRole#NAME} role. */
@ApplicationScoped
public class AdminIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private final AdminTokens tokens;

    public AdminIdentityProvider(AdminTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        if (!AdminAuthentication.TOKEN_TYPE.equals(request.getToken().getType())) {
            return Uni.createFrom().nullItem();
        }
        return tokens.operatorFor(request.getToken().getToken())
                .map(operator -> Uni.createFrom().<SecurityIdentity>item(QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(operator))
                        .addRole(AdminRole.NAME)
                        .build()))
                // the message names no token: it ends up in logs
                .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException("unknown admin token")));
    }
}
