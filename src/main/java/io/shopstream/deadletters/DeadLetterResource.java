package io.shopstream.deadletters;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.apache.kafka.common.KafkaException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.logging.Log;
import io.quarkus.security.identity.SecurityIdentity;
import io.shopstream.support.admin.AdminRole;
import io.shopstream.support.correlation.CorrelationId;
import io.shopstream.support.http.Problem;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerResponse;

/**
 * {@code /admin/dead-letters}: lists the records of the dead-letter topics ({@code GET}) and replays selected ones
 * to their origin topics ({@code POST /replay}). See docs/operations.md, "Dead letters".
 */
@Path("/admin/dead-letters")
@RolesAllowed(AdminRole.NAME)
public class DeadLetterResource {

    private final DeadLetterService deadLetters;
    private final DeadLetterConfig config;
    private final SecurityIdentity identity;

    public DeadLetterResource(DeadLetterService deadLetters, DeadLetterConfig config, SecurityIdentity identity) {
        this.deadLetters = deadLetters;
        this.config = config;
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<DeadLetterList> list(@QueryParam("dlqTopic") String dlqTopic,
            @QueryParam("originTopic") String originTopic, @QueryParam("shop") String shop,
            @QueryParam("reason") String reason, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("limit") Integer limit) {
        return Uni.createFrom().item(() -> filter(dlqTopic, originTopic, shop, reason, from, to, limit, List.of()))
                .chain(deadLetters::list);
    }

    @POST
    @Path("/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<ReplayResult> replay(ReplayRequest request) {
        String operator = identity.getPrincipal().getName();
        return Uni.createFrom().item(() -> {
            if (request == null) {
                throw new InvalidRequestException("a JSON body is required");
            }
            List<DeadLetterId> ids = request.records() == null ? List.of()
                    : request.records().stream().map(ReplayRequest.Ref::id).toList();
            // named records: as many as named, unless a limit is given
            Integer limit = request.limit() != null || ids.isEmpty() ? request.limit() : Integer.valueOf(ids.size());
            return filter(request.dlqTopic(), request.originTopic(), request.shop(), request.reason(), request.from(),
                    request.to(), limit, ids);
        }).chain(filter -> deadLetters.replay(filter, operator, request.dryRun(), request.force()));
    }

    private DeadLetterFilter filter(String dlqTopic, String originTopic, String shop, String reason, String from,
            String to, Integer limit, List<DeadLetterId> ids) {
        int effectiveLimit = limit == null ? config.defaultLimit() : limit;
        if (effectiveLimit > config.maxLimit()) {
            throw new InvalidRequestException("limit must be at most " + config.maxLimit());
        }
        return new DeadLetterFilter(blankToNull(dlqTopic), blankToNull(originTopic), blankToNull(shop),
                blankToNull(reason), instant("from", from), instant("to", to), effectiveLimit, ids);
    }

    private static Instant instant(String name, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(name + " must be an ISO-8601 instant such as 2026-11-27T00:00:00Z");
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    @ServerExceptionMapper
    Response invalid(InvalidRequestException e, HttpServerResponse response) {
        return problem(response, Problem.of("invalid-dead-letter-request", "Invalid dead-letter request", 400,
                e.getMessage(), null));
    }

    @ServerExceptionMapper
    Response notFound(DeadLetterNotFoundException e, HttpServerResponse response) {
        return problem(response, Problem.of("dead-letter-not-found", "Dead letter not found", 404, e.getMessage(),
                null));
    }

    @ServerExceptionMapper
    Response replayFailed(ReplayFailedException e, HttpServerResponse response) {
        return problem(response, Problem.of("replay-incomplete", "Replay incomplete", 503, e.getMessage(), null));
    }

    @ServerExceptionMapper
    Response kafkaUnavailable(KafkaException e, HttpServerResponse response) {
        return problem(response, Problem.of("kafka-unavailable", "Kafka unavailable", 503,
                "the dead-letter topics could not be read: " + e.getClass().getSimpleName(), null));
    }

    private static Response problem(HttpServerResponse response, Problem problem) {
        String correlationId = response.headers().get(CorrelationId.HTTP_HEADER);
        Problem withId = new Problem(problem.type(), problem.title(), problem.status(), problem.detail(), null,
                correlationId);
        Log.warnf("dead letters: %d %s correlation_id=%s", problem.status(), problem.detail(), correlationId);
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(withId).build();
    }
}
