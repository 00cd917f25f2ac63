package io.isobar.query;

import static io.isobar.query.TestApi.q;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.isobar.aws.AwsClients;
import io.isobar.netcdf.grid.ChunkCache;
import io.isobar.query.auth.RateLimit;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Warm answers come from memory and are the cold ones: once a point, a series and EDR queries (best estimate and
 * instance) have been answered, asking them again makes no DynamoDB call at all and gives the same bodies. The service's DynamoDB client (a real one, against
 * DynamoDB Local) counts its calls; the index views are kept for 5 minutes here so that no background refresh falls
 * inside the measurement.
 */
class WarmPathITCase {

    @RegisterExtension
    static final IndexExtension index = IndexExtension.sampleWithArchive("warm");

    @Test
    void warmPointSeriesAndEdrAnswersMakeNoDynamoDbCall() {
        List<String> calls = new CopyOnWriteArrayList<>();
        DynamoDbClient counted = DynamoDbClient.builder()
                .region(Region.of(index.fixture().aws().region()))
                .credentialsProvider(AwsClients.credentials(index.fixture().aws()))
                .endpointOverride(index.fixture().aws().dynamoDbEndpoint().orElseThrow())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        calls.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME) + " on "
                                + Thread.currentThread().getName());
                    }
                }))
                .build();
        QueryServiceConfig base = index.fixture().config();
        QueryServiceConfig config = new QueryServiceConfig(base.aws(), base.tables(), base.host(), 0, new RateLimit(10_000, 10_000),
                Optional.empty(), Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofSeconds(5),
                ChunkCache.Settings.defaults(), List.of(), base.admission(), Optional.empty());
        String douglas = q("POINT(-4.4861 54.1523)");
        List<String> urls = List.of(
                "/v1/point?place=Douglas&time=" + SampleIndex.T2 + "&variable=air_temperature&model=ukv",
                "/v1/point/series?place=Douglas&variable=air_temperature&model=ukv&from=" + SampleIndex.T1 + "&to=" + SampleIndex.T3,
                "/edr/collections/ukv",
                "/edr/collections/ukv/position?coords=" + douglas + "&parameter-name=air_temperature,relative_humidity&datetime="
                        + q(SampleIndex.T1 + "/" + SampleIndex.T3),
                "/edr/collections/ukv/instances/20250614T000000Z/position?coords=" + douglas + "&f=CSV",
                "/edr/collections/ukv/position?coords=" + douglas + "&datetime=" + SampleIndex.T2);
        QueryServiceTesting.test(new QueryService(config, counted, Clock.systemUTC()), api -> {
            Map<String, String> cold = new HashMap<>();
            for (int round = 0; round < 2; round++) {
                for (String url : urls) {
                    TestApi.Answer a = api.get(url);
                    assertThat(a.status()).as(url).isEqualTo(200);
                    cold.putIfAbsent(url, a.body());
                }
            }
            int before = calls.size();
            for (int round = 0; round < 10; round++) {
                for (String url : urls) {
                    TestApi.Answer a = api.get(url);
                    assertThat(a.status()).as(url).isEqualTo(200);
                    assertThat(a.body()).as("the warm answer to %s is the cold one", url).isEqualTo(cold.get(url));
                }
            }
            assertThat(calls.subList(before, calls.size())).as("DynamoDB calls while warm").isEmpty();
            assertThat(before).as("the cold rounds did read the index").isGreaterThan(0);
        });
    }
}
