package io.isobar.query.health;

import java.util.Set;

import io.isobar.query.http.Params;
import io.isobar.query.http.Responses;
import io.javalin.http.Context;

/** {@code GET /health}: 200 {@code {"status":"UP","dynamodb":"UP"}}, or 503 with DOWN when DynamoDB does not answer. */
public final class HealthHandler {

    /** The health report. */
    public record Health(String status, String dynamodb) {}

    private final DynamoDbHealth dynamoDb;

    public HealthHandler(DynamoDbHealth dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    public void get(Context ctx) {
        Params.of(ctx, Set.of());
        boolean up = dynamoDb.up();
        Responses.ok(ctx, up ? new Health("UP", "UP") : new Health("DOWN", "DOWN"), Responses.CachePolicy.NONE);
        ctx.status(up ? 200 : 503);
    }
}
