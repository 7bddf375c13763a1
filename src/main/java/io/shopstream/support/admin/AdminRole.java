package io.shopstream.support.admin;

/** The role every admin endpoint requires ({@code @RolesAllowed(AdminRole.NAME)}). */
public final class AdminRole {

    public static final String NAME = "shopstream-admin";

    private AdminRole() {
    }
}
