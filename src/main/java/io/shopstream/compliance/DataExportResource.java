package io.shopstream.compliance;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.hibernate.reactive.mutiny.Mutiny;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.logging.Log;
import io.quarkus.security.identity.SecurityIdentity;
import io.shopstream.support.admin.AdminRole;
import io.shopstream.support.correlation.CorrelationFilter;
import io.shopstream.support.http.Problem;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * The merchant's copies of customers/data_request exports, for operators: {@code GET /admin/compliance/exports}
 * lists the exports that have not expired (optionally {@code ?shop=}), {@code GET /admin/compliance/exports/{id}}
 * downloads one. An expired export answers 410 until the purge deletes it, then 404. Every download is logged
 * with the operator's name, never with the content.
 */
@Path("/admin/compliance/exports")
@RolesAllowed(AdminRole.NAME)
public class DataExportResource {

    private static final String LIST = """
            SELECT CAST(id AS text), shop_domain, customer_id, data_request_id, created_at, expires_at
            FROM data_exports WHERE expires_at > now() AND (CAST(:shop AS text) IS NULL OR shop_domain = :shop)
            ORDER BY created_at DESC, id LIMIT 1000""";

    private static final String ONE = """
            SELECT CAST(content AS text), expires_at <= now(), shop_domain FROM data_exports
            WHERE id = CAST(:id AS uuid)""";

    /** One export in the list; {@code path} downloads it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ExportSummary(String id, String shopDomain, long customerId, Long dataRequestId, String createdAt,
            String expiresAt, String path) {
    }

    private final Mutiny.SessionFactory sessions;
    private final SecurityIdentity identity;

    public DataExportResource(Mutiny.SessionFactory sessions, SecurityIdentity identity) {
        this.sessions = sessions;
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<List<ExportSummary>> list(@QueryParam("shop") String shop) {
        return sessions.withSession(session -> session.createNativeQuery(LIST, Object[].class)
                .setParameter("shop", shop == null || shop.isBlank() ? null : shop)
                .getResultList())
                .map(rows -> rows.stream().map(row -> new ExportSummary((String) row[0], (String) row[1],
                        ((Number) row[2]).longValue(), row[3] == null ? null : ((Number) row[3]).longValue(),
                        instant(row[4]), instant(row[5]), DataRequests.EXPORT_PATH + row[0])).toList());
    }

    @GET
    @Path("{id}")
    @Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
    public Uni<Response> download(@PathParam("id") String id, RoutingContext request) {
        String correlationId = CorrelationFilter.of(request);
        String operator = identity.getPrincipal().getName();
        if (!isUuid(id)) {
            return Uni.createFrom().item(notFound(correlationId));
        }
        return sessions.withSession(session -> session.createNativeQuery(ONE, Object[].class)
                .setParameter("id", id)
                .getSingleResultOrNull())
                .map(row -> {
                    if (row == null) {
                        Log.infof("export %s requested by %s: not found", id, operator);
                        return notFound(correlationId);
                    }
                    if (Boolean.TRUE.equals(row[1])) {
                        Log.infof("export %s requested by %s: expired", id, operator);
                        return problem(Problem.of("export-expired", "Export expired", 410,
                                "The export has expired and is being deleted; ask for a new data request.",
                                correlationId));
                    }
                    Log.infof("export %s of shop %s downloaded by %s", id, row[2], operator);
                    return Response.ok(row[0], MediaType.APPLICATION_JSON_TYPE)
                            .header("Content-Disposition", "attachment; filename=\"data-request-" + id + ".json\"")
                            .build();
                });
    }

    private static Response notFound(String correlationId) {
        return problem(Problem.of("export-not-found", "Export not found", 404,
                "No export has this id (it may have expired and been deleted).", correlationId));
    }

    private static Response problem(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static boolean isUuid(String id) {
        try {
            return UUID.fromString(id).toString().equalsIgnoreCase(id);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String instant(Object value) {
        return value instanceof OffsetDateTime odt ? odt.toInstant().toString() : String.valueOf(value);
    }
}
