package io.isobar.query.docs;

import io.isobar.query.QueryService;
import io.isobar.query.QueryServiceTesting;
import io.javalin.Javalin;

/** Reaches the service's Javalin app from this package (the accessor is package-private in io.isobar.query). */
final class QueryServiceAccess {

    private QueryServiceAccess() {}

    static Javalin app(QueryService service) {
        return QueryServiceTesting.app(service);
    }
}
