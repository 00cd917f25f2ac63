package io.isobar.terraform;

import static io.isobar.terraform.TerraformModule.block;
import static io.isobar.terraform.TerraformModule.blocks;
import static io.isobar.terraform.TerraformModule.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.terraform.TerraformModule.Statement;

/**
 * Data is encrypted at rest (every bucket, queue, table, topic and log group) and in transit (buckets and queues
 * refuse plain HTTP, the API only speaks TLS 1.2+), and no bucket can become public.
 */
class EncryptionTest {

    private static final String KEY = "aws_kms_key.data.arn";

    /** Buckets encrypted with S3-managed keys instead of ours, and why. */
    private static final Map<String, String> SSE_S3_ONLY = Map.of(
            "logs", "S3 server access logs and load balancer logs can only be delivered to SSE-S3 buckets");

    private final TerraformModule module = TerraformModule.load();

    @Test
    void everyBucketIsEncryptedPrivateAndOwned() {
        Map<String, Map<String, Object>> buckets = module.resources("aws_s3_bucket");
        assertThat(buckets).containsKeys("archive", "artifacts", "logs");
        for (String name : buckets.keySet()) {
            Map<String, Object> sse = forBucket("aws_s3_bucket_server_side_encryption_configuration", name);
            Map<String, Object> byDefault = block(block(sse, "rule", name + " encryption"), "apply_server_side_encryption_by_default",
                    name + " encryption rule");
            if (SSE_S3_ONLY.containsKey(name)) {
                assertThat(text(byDefault.get("sse_algorithm"))).as("bucket %s", name).isEqualTo("AES256");
            } else {
                assertThat(text(byDefault.get("sse_algorithm"))).as("bucket %s", name).isEqualTo("aws:kms");
                assertThat(text(byDefault.get("kms_master_key_id"))).as("bucket %s: our customer-managed key", name).isEqualTo(KEY);
            }

            Map<String, Object> publicAccess = forBucket("aws_s3_bucket_public_access_block", name);
            for (String setting : List.of("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets")) {
                assertThat(publicAccess.get(setting)).as("bucket %s: %s", name, setting).isEqualTo(Boolean.TRUE);
            }

            Map<String, Object> ownership = forBucket("aws_s3_bucket_ownership_controls", name);
            assertThat(text(block(ownership, "rule", name).get("object_ownership"))).as("bucket %s: no ACLs", name)
                    .isEqualTo("BucketOwnerEnforced");

            forBucket("aws_s3_bucket_lifecycle_configuration", name);
        }
    }

    @Test
    void everyBucketDeniesPlainHttp() {
        for (String name : module.resources("aws_s3_bucket").keySet()) {
            Map<String, Object> policy = forBucket("aws_s3_bucket_policy", name);
            String document = documentName(text(policy.get("policy")));
            String arn = "aws_s3_bucket." + name + ".arn";
            assertThat(module.policyDocuments().get(document)).as("bucket %s policy", name)
                    .anySatisfy(s -> assertDeniesInsecureTransport(s, "s3:*", arn, arn + "/*"));
        }
    }

    @Test
    void theArchiveIsVersionedTieredLoggedAndRefusesOldTls() {
        assertThat(text(block(forBucket("aws_s3_bucket_versioning", "archive"), "versioning_configuration", "archive")
                .get("status"))).isEqualTo("Enabled");
        Map<String, Object> rule = block(forBucket("aws_s3_bucket_lifecycle_configuration", "archive"), "rule", "archive lifecycle");
        assertThat(blocks(rule, "transition").stream().map(t -> text(t.get("storage_class"))))
                .containsExactly("STANDARD_IA", "GLACIER_IR");
        assertThat(block(rule, "expiration", "archive lifecycle")).containsKey("days");
        assertThat(block(rule, "noncurrent_version_expiration", "archive lifecycle")).containsKey("noncurrent_days");
        assertThat(block(forBucket("aws_s3_bucket_server_side_encryption_configuration", "archive"), "rule", "archive")
                .get("bucket_key_enabled")).isEqualTo(Boolean.TRUE);

        Map<String, Object> logging = forBucket("aws_s3_bucket_logging", "archive");
        assertThat(text(logging.get("target_bucket"))).isEqualTo("aws_s3_bucket.logs.id");

        assertThat(module.policyDocuments().get("archive_bucket")).anySatisfy(s -> {
            assertThat(s.effect()).isEqualTo("Deny");
            assertThat(s.conditions()).singleElement().satisfies(c -> {
                assertThat(c.test()).isEqualTo("NumericLessThan");
                assertThat(c.variable()).isEqualTo("s3:TlsVersion");
                assertThat(c.values()).containsExactly("1.2");
            });
        });
    }

    @Test
    void everyQueueIsEncryptedAndDeniesPlainHttp() {
        Map<String, Map<String, Object>> queues = module.resources("aws_sqs_queue");
        assertThat(queues).containsKeys("ingest", "dead_letter");
        queues.forEach((name, queue) -> {
            assertThat(text(queue.get("kms_master_key_id"))).as("queue %s", name).isEqualTo(KEY);
            Map<String, Object> policy = module.resources("aws_sqs_queue_policy").values().stream()
                    .filter(p -> ("aws_sqs_queue." + name + ".id").equals(text(p.get("queue_url")))).findFirst()
                    .orElseThrow(() -> new AssertionError("queue " + name + " has no aws_sqs_queue_policy"));
            String arn = "aws_sqs_queue." + name + ".arn";
            assertThat(module.policyDocuments().get(documentName(text(policy.get("policy"))))).as("queue %s policy", name)
                    .anySatisfy(s -> assertDeniesInsecureTransport(s, "sqs:*", arn));
        });
    }

    @Test
    void theIngestQueueRedrivesToTheDeadLetterQueue() {
        Map<String, Object> ingest = module.resource("aws_sqs_queue", "ingest");
        JsonNode redrive = TerraformModule.json(ingest.get("redrive_policy"), "aws_sqs_queue.ingest.redrive_policy");
        assertThat(TerraformModule.jsonText(redrive.get("deadLetterTargetArn"))).isEqualTo("aws_sqs_queue.dead_letter.arn");
        assertThat(TerraformModule.jsonText(redrive.get("maxReceiveCount"))).isEqualTo("var.max_receive_count");
        assertThat(text(ingest.get("message_retention_seconds"))).isEqualTo("1209600");
        assertThat(text(module.resource("aws_sqs_queue", "dead_letter").get("message_retention_seconds"))).isEqualTo("1209600");
    }

    @Test
    void everyTableIsEncryptedRecoverableAndOnDemand() {
        Map<String, Map<String, Object>> tables = module.resources("aws_dynamodb_table");
        assertThat(tables).hasSize(4);
        tables.forEach((name, table) -> {
            Map<String, Object> sse = block(table, "server_side_encryption", "table " + name);
            assertThat(sse.get("enabled")).as("table %s encryption", name).isEqualTo(Boolean.TRUE);
            assertThat(text(sse.get("kms_key_arn"))).as("table %s: our customer-managed key", name).isEqualTo(KEY);
            assertThat(block(table, "point_in_time_recovery", "table " + name).get("enabled")).as("table %s PITR", name)
                    .isEqualTo(Boolean.TRUE);
            assertThat(text(table.get("billing_mode"))).as("table %s", name).isEqualTo("PAY_PER_REQUEST");
        });
    }

    @Test
    void everyTopicAndLogGroupIsEncrypted() {
        assertThat(module.resources("aws_sns_topic")).isNotEmpty().allSatisfy((name, topic) ->
                assertThat(text(topic.get("kms_master_key_id"))).as("topic %s", name).isEqualTo(KEY));
        assertThat(module.resources("aws_cloudwatch_log_group")).hasSize(2).allSatisfy((name, group) -> {
            assertThat(text(group.get("kms_key_id"))).as("log group %s", name).isEqualTo(KEY);
            assertThat(group).as("log group %s keeps logs for a bounded time", name).containsKey("retention_in_days");
        });
        assertThat(module.resource("aws_kms_key", "data").get("enable_key_rotation")).isEqualTo(Boolean.TRUE);
    }

    @Test
    void theApiOnlySpeaksModernTls() {
        Map<String, Object> https = module.resource("aws_lb_listener", "https");
        assertThat(text(https.get("protocol"))).isEqualTo("HTTPS");
        assertThat(text(https.get("port"))).isEqualTo("443");
        assertThat(text(https.get("ssl_policy"))).startsWith("ELBSecurityPolicy-TLS13-1-2");
        Map<String, Object> http = module.resource("aws_lb_listener", "http_redirect");
        Map<String, Object> action = block(http, "default_action", "http listener");
        assertThat(text(action.get("type"))).as("plain HTTP only redirects").isEqualTo("redirect");
        assertThat(text(block(action, "redirect", "http listener").get("protocol"))).isEqualTo("HTTPS");
        assertThat(module.resource("aws_lb", "api").get("drop_invalid_header_fields")).isEqualTo(Boolean.TRUE);
        assertThat(module.resources("aws_lb_listener")).hasSize(2);
    }

    @Test
    void theMetricsStayInsideTheVpc() {
        Map<String, Object> rule = module.resource("aws_lb_listener_rule", "hide_metrics");
        assertThat(text(rule.get("listener_arn"))).isEqualTo("aws_lb_listener.https.arn");
        assertThat(TerraformModule.texts(block(block(rule, "condition", "hide_metrics"), "path_pattern", "hide_metrics").get("values")))
                .contains("/metrics");
        Map<String, Object> action = block(rule, "action", "hide_metrics");
        assertThat(text(action.get("type"))).isEqualTo("fixed-response");
        assertThat(text(block(action, "fixed_response", "hide_metrics").get("status_code"))).isEqualTo("404");
    }

    @Test
    void theApiIsBehindWafWithARateLimit() {
        Map<String, Object> acl = module.resource("aws_wafv2_web_acl", "api");
        assertThat(text(acl.get("scope"))).isEqualTo("REGIONAL");
        assertThat(blocks(acl, "rule")).anySatisfy(rule -> {
            Map<String, Object> rate = block(block(rule, "statement", "rule"), "rate_based_statement", "rule");
            assertThat(text(rate.get("limit"))).isEqualTo("var.waf_rate_limit");
            assertThat(blocks(rule, "action").get(0)).containsKey("block");
        });
        Map<String, Object> association = module.resource("aws_wafv2_web_acl_association", "api");
        assertThat(text(association.get("resource_arn"))).isEqualTo("aws_lb.api.arn");
    }

    private Map<String, Object> forBucket(String type, String bucket) {
        String id = "aws_s3_bucket." + bucket + ".id";
        Optional<Map<String, Object>> found = module.resources(type).values().stream()
                .filter(r -> id.equals(text(r.get("bucket")))).findFirst();
        return found.orElseThrow(() -> new AssertionError("bucket " + bucket + " has no " + type + " (bucket = " + id + ")"));
    }

    private static String documentName(String policyReference) {
        assertThat(policyReference).matches("^data\\.aws_iam_policy_document\\.[a-z0-9_]+\\.json$");
        return policyReference.split("\\.")[2];
    }

    private static void assertDeniesInsecureTransport(Statement s, String action, String... resources) {
        assertThat(s.effect()).isEqualTo("Deny");
        assertThat(s.actions()).containsExactly(action);
        assertThat(s.resources()).containsExactlyInAnyOrder(resources);
        assertThat(s.principals()).singleElement().satisfies(p -> assertThat(p.identifiers()).containsExactly("*"));
        assertThat(s.conditions()).singleElement().satisfies(c -> {
            assertThat(c.test()).isEqualTo("Bool");
            assertThat(c.variable()).isEqualTo("aws:SecureTransport");
            assertThat(c.values()).containsExactly("false");
        });
    }
}
