package io.isobar.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.isobar.terraform.TerraformModule.Condition;
import io.isobar.terraform.TerraformModule.Declared;
import io.isobar.terraform.TerraformModule.Statement;

/**
 * Least privilege, checked on every IAM policy in the module: no wildcard actions, no "*" resources except where
 * AWS requires one, no anonymous allows, every policy written as an {@code aws_iam_policy_document} (so these
 * checks see it), and a read-only query service.
 */
class IamPolicyTest {

    /** An action with no wildcard: {@code service:Action}. */
    private static final Pattern PLAIN_ACTION = Pattern.compile("^[a-z0-9-]+:[A-Za-z0-9]+$");

    /**
     * Where a statement may name {@code "*"} as its resource, and why. Anything else must be an ARN or a reference.
     */
    private static final Map<String, String> STAR_RESOURCE_ALLOWED = Map.of(
            "kms_key/AccountAdministersAndDelegatesThroughIam", "a key policy's Resource \"*\" means the key itself",
            "kms_key/MetOfficeTopicsDeliverToEncryptedQueue", "a key policy's Resource \"*\" means the key itself",
            "kms_key/CloudWatchLogsEncryptsIsobarLogGroups", "a key policy's Resource \"*\" means the key itself",
            "kms_key/CloudWatchAlarmsPublishToEncryptedTopic", "a key policy's Resource \"*\" means the key itself",
            "query_service_execution/EcrLogin", "ecr:GetAuthorizationToken has no resource-level permissions");

    /**
     * Deny statements may name a whole service ({@code s3:*}) when they only refuse insecure transport: "deny
     * plain HTTP" must cover every action, and listing actions would leave new ones open.
     */
    private static final Set<String> TRANSPORT_CONDITIONS = Set.of("aws:SecureTransport", "s3:TlsVersion");

    /** What the query service may do: read. */
    private static final Set<String> READ_ONLY_ACTIONS = Set.of("dynamodb:Query", "dynamodb:GetItem", "dynamodb:BatchGetItem",
            "dynamodb:Scan", "dynamodb:DescribeTable", "s3:GetObject", "kms:Decrypt",
            // GET /v1/events reads the files table's stream.
            "dynamodb:DescribeStream", "dynamodb:GetShardIterator", "dynamodb:GetRecords");

    /** Resources whose {@code policy} attribute is not an IAM policy. */
    private static final Set<String> NON_IAM_POLICY_TYPES = Set.of("aws_ecr_lifecycle_policy");

    private final TerraformModule module = TerraformModule.load();
    private final Map<String, List<Statement>> documents = module.policyDocuments();

    @Test
    void everyStatementIsNamedAndHasActionsAndResources() {
        assertThat(documents).hasSizeGreaterThanOrEqualTo(10);
        documents.values().stream().flatMap(List::stream).forEach(s -> {
            assertThat(s.sid()).as("a statement of %s has no sid", s.policy()).isNotBlank();
            assertThat(s.effect()).as(s.id()).isIn("Allow", "Deny");
            assertThat(s.actions()).as("%s: actions (not_actions is too broad to review)", s.id()).isNotEmpty();
            assertThat(s.notActions()).as(s.id()).isEmpty();
            assertThat(s.notResources()).as(s.id()).isEmpty();
            boolean trustPolicy = s.actions().equals(List.of("sts:AssumeRole"));
            if (!trustPolicy) {
                assertThat(s.resources()).as("%s: resources", s.id()).isNotEmpty();
            }
        });
        List<String> sids = documents.values().stream().flatMap(List::stream).map(Statement::id).toList();
        assertThat(sids).as("statement ids").doesNotHaveDuplicates();
    }

    @Test
    void noAllowStatementHasAWildcardAction() {
        List<String> wildcards = new ArrayList<>();
        for (Statement s : statements()) {
            for (String action : s.actions()) {
                if (s.allows() && !PLAIN_ACTION.matcher(action).matches()) {
                    wildcards.add(s.id() + ": " + action);
                }
                if (!s.allows() && !PLAIN_ACTION.matcher(action).matches()) {
                    boolean transportOnly = !s.conditions().isEmpty()
                            && s.conditions().stream().allMatch(c -> TRANSPORT_CONDITIONS.contains(c.variable()));
                    if (!action.matches("^[a-z0-9-]+:\\*$") || !transportOnly) {
                        wildcards.add(s.id() + ": " + action + " (a Deny may name service:* only to refuse insecure transport)");
                    }
                }
            }
        }
        assertThat(wildcards).as("wildcard actions").isEmpty();
    }

    @Test
    void resourcesAreScopedExceptWhereAwsRequiresAStar() {
        List<String> unscoped = new ArrayList<>();
        Set<String> exceptionsUsed = new TreeSet<>();
        for (Statement s : statements()) {
            for (String resource : s.resources()) {
                if (resource == null || resource.isBlank()) {
                    unscoped.add(s.id() + ": a resource hcl4j could not read");
                } else if (resource.equals("*")) {
                    if (STAR_RESOURCE_ALLOWED.containsKey(s.id())) {
                        exceptionsUsed.add(s.id());
                    } else {
                        unscoped.add(s.id() + ": \"*\"");
                    }
                } else if (resource.matches("^arn:[^:]*:[^:]*:[^:]*:[^:]*:\\*$") || resource.contains(":::*")
                        || resource.matches("^arn:[^:]*:[^:]*:\\*.*")) {
                    unscoped.add(s.id() + ": " + resource + " (every resource of a service)");
                }
            }
        }
        assertThat(unscoped).as("unscoped resources").isEmpty();
        assertThat(exceptionsUsed).as("documented exceptions no statement needs any more: remove them")
                .containsExactlyInAnyOrderElementsOf(STAR_RESOURCE_ALLOWED.keySet());
    }

    @Test
    void onlyDenyStatementsNameAnonymousPrincipals() {
        for (Statement s : statements()) {
            s.principals().forEach(p -> {
                if (s.allows()) {
                    assertThat(p.type()).as("%s allows an anonymous principal", s.id()).isNotEqualTo("*");
                    assertThat(p.identifiers()).as("%s allows an anonymous principal", s.id()).doesNotContain("*");
                }
            });
        }
    }

    @Test
    void servicePrincipalsAreBoundToTheirSource() {
        // Confused-deputy protection: a service acting for someone else's resource gets nothing. Exceptions, and
        // what binds them instead:
        Map<String, String> boundOtherwise = Map.of(
                "kms_key/CloudWatchLogsEncryptsIsobarLogGroups", "the kms:EncryptionContext:aws:logs:arn condition",
                "kms_key/CloudWatchAlarmsPublishToEncryptedTopic", "the alarm topic's policy (aws:SourceArn of our alarms)");
        for (Statement s : statements()) {
            boolean servicePrincipal = s.principals().stream().anyMatch(p -> "Service".equals(p.type()));
            if (!s.allows() || !servicePrincipal || boundOtherwise.containsKey(s.id())) {
                continue;
            }
            assertThat(s.conditions().stream().map(Condition::variable))
                    .as("%s lets a service principal in without aws:SourceArn or aws:SourceAccount", s.id())
                    .containsAnyOf("aws:SourceArn", "aws:SourceAccount");
        }
        assertThat(statements().stream().map(Statement::id)).containsAll(boundOtherwise.keySet());
    }

    @Test
    void everyPolicyIsAPolicyDocumentTheseChecksSee() {
        List<String> inline = new ArrayList<>();
        for (Declared r : module.resourceDeclarations()) {
            String type = r.address().substring(0, r.address().indexOf('.'));
            for (String attribute : List.of("policy", "assume_role_policy")) {
                if (!r.body().containsKey(attribute) || NON_IAM_POLICY_TYPES.contains(type)) {
                    continue;
                }
                String value = TerraformModule.text(r.body().get(attribute));
                if (value == null || !value.matches("^data\\.aws_iam_policy_document\\.[a-z0-9_]+\\.json$")) {
                    inline.add(r.address() + "." + attribute + " = " + value);
                }
            }
            assertThat(r.body()).as("%s: write policies as aws_iam_policy_document data sources", r.address())
                    .doesNotContainKeys("inline_policy", "managed_policy_arns");
        }
        assertThat(inline).as("policies not written as aws_iam_policy_document").isEmpty();
        assertThat(module.resources("aws_iam_role_policy_attachment").values()).as("AWS managed policies are broader than needed")
                .allSatisfy(a -> assertThat(TerraformModule.text(a.get("policy_arn"))).startsWith("aws_iam_policy."));
    }

    @Test
    void theQueryServiceOnlyReads() {
        Map<String, Object> policy = module.resource("aws_iam_role_policy", "query_service");
        assertThat(TerraformModule.text(policy.get("role"))).isEqualTo("aws_iam_role.query_service.id");
        List<Statement> statements = documents.get("query_service");
        assertThat(statements).isNotEmpty().allSatisfy(s -> {
            assertThat(s.effect()).isEqualTo("Allow");
            assertThat(s.actions()).as("%s: the query service must only read", s.id()).allMatch(READ_ONLY_ACTIONS::contains);
        });
        Map<String, Object> task = module.resource("aws_ecs_task_definition", "query_service");
        assertThat(TerraformModule.text(task.get("task_role_arn"))).isEqualTo("aws_iam_role.query_service.arn");
    }

    @Test
    void theJobMayDoWhatItsCodeDoesAndNoMore() {
        Set<String> granted = new TreeSet<>();
        documents.get("flink").forEach(s -> granted.addAll(s.actions()));
        // SqsProxy (receive, delete batch, change visibility batch), S3ByteSource (HEAD, ranged GET), ArchiveCopier
        // (CopyObject, multipart copy and abort), the DynamoDB sinks (BatchWriteItem), the summaries' seeds (Query of the
        // by-run index and the valid-times table, GetItem of a run summary or parameter), Managed Flink's logging.
        assertThat(granted).containsExactlyInAnyOrder(
                "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes",
                "s3:GetObject", "s3:GetObjectTagging", "s3:ListBucket", "s3:GetObjectVersion",
                "s3:PutObject", "s3:PutObjectTagging", "s3:AbortMultipartUpload",
                "kms:GenerateDataKey", "kms:Decrypt",
                "dynamodb:BatchWriteItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:GetItem",
                "logs:DescribeLogGroups", "logs:DescribeLogStreams", "logs:PutLogEvents");
        Statement seeds = documents.get("flink").stream().filter(s -> s.sid().equals("ReadIndexForSummaries")).findFirst()
                .orElseThrow();
        assertThat(seeds.resources()).as("the job reads only the by-run index and the valid-times table")
                .containsExactlyInAnyOrder("aws_dynamodb_table.files.arn/index/by-run", "aws_dynamodb_table.valid_times.arn");
        Statement index = documents.get("flink").stream().filter(s -> s.sid().equals("WriteIndex")).findFirst().orElseThrow();
        assertThat(index.resources()).as("the job writes files, valid-times and errors, never the API keys")
                .containsExactlyInAnyOrder("aws_dynamodb_table.files.arn", "aws_dynamodb_table.valid_times.arn",
                        "aws_dynamodb_table.ingest_errors.arn");
    }

    @Test
    void theQueueAdmitsOnlyTheConfiguredTopics() {
        List<Statement> queue = documents.get("ingest_queue");
        List<Statement> allows = queue.stream().filter(Statement::allows).toList();
        assertThat(allows).singleElement().satisfies(s -> {
            assertThat(s.actions()).containsExactly("sqs:SendMessage");
            assertThat(s.principals()).singleElement().satisfies(p -> assertThat(p.identifiers()).containsExactly("sns.amazonaws.com"));
            assertThat(s.conditions()).singleElement().satisfies(c -> {
                assertThat(c.test()).isEqualTo("ArnEquals");
                assertThat(c.variable()).isEqualTo("aws:SourceArn");
                assertThat(c.values()).containsExactly("local.met_office_topic_arns");
            });
        });
        Map<String, Object> queuePolicy = module.resource("aws_sqs_queue_policy", "ingest");
        assertThat(TerraformModule.text(queuePolicy.get("queue_url"))).isEqualTo("aws_sqs_queue.ingest.id");
    }

    private List<Statement> statements() {
        return documents.values().stream().flatMap(List::stream).toList();
    }
}
