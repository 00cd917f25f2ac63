package io.isobar.bench;

import java.time.Duration;

import io.isobar.aws.AwsSettings;
import io.isobar.index.IndexSchema;
import io.isobar.query.QueryService;
import io.isobar.query.QueryServiceConfig;
import io.isobar.query.admission.Admission;
import io.isobar.query.auth.RateLimit;

/**
 * The query service as the benchmarks run it: default settings on a free port, with no rate limit and no admission limit
 * in the way of the load (one key sends every request, as hard as the benchmark goes).
 */
final class BenchService {

    private static final Admission.Settings NO_ADMISSION_LIMIT = new Admission.Settings(100_000, 100_000, 100_000, 100_000,
            Duration.ZERO, new RateLimit(1e9, Integer.MAX_VALUE));

    private BenchService() {}

    /** A service (not started) over {@code tables}. */
    static QueryService over(AwsSettings aws, IndexSchema.TableNames tables) {
        return new QueryService(config(aws, tables));
    }

    /** The benchmarks' service configuration over {@code tables}. */
    static QueryServiceConfig config(AwsSettings aws, IndexSchema.TableNames tables) {
        return QueryServiceConfig.defaults(aws, tables).withPort(0).withRateLimit(new RateLimit(1_000_000, 1_000_000))
                .withAdmission(NO_ADMISSION_LIMIT);
    }

    /** A new API key of the service, for the benchmark's requests. */
    static String key(QueryService service) {
        return service.apiKeys().create("benchmark").key();
    }
}
