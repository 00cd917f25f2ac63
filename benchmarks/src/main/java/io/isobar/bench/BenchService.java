package io.isobar.bench;

import io.isobar.aws.AwsSettings;
import io.isobar.index.IndexSchema;
import io.isobar.query.QueryService;
import io.isobar.query.QueryServiceConfig;
import io.isobar.query.auth.RateLimit;

/** The query service as the benchmarks run it: default settings on a free port, with no rate limit in the way of the load. */
final class BenchService {

    private BenchService() {}

    /** A service (not started) over {@code tables}. */
    static QueryService over(AwsSettings aws, IndexSchema.TableNames tables) {
        return new QueryService(QueryServiceConfig.defaults(aws, tables).withPort(0).withRateLimit(new RateLimit(1_000_000, 1_000_000)));
    }

    /** A new API key of the service, for the benchmark's requests. */
    static String key(QueryService service) {
        return service.apiKeys().create("benchmark").key();
    }
}
