# The whole stack planned and applied against a mock AWS provider, with the example variables: what matters is
# asserted on what Terraform would create. Run offline from this module's folder:
#   terraform init -backend=false -plugin-dir=DIR && terraform test
# (the Maven build does both: terraform/src/test/java/io/isobar/terraform/TerraformCliITCase.java).

mock_provider "aws" {
  # Data sources whose values the configuration parses or builds ARNs from get realistic ones.
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  # The provider checks that policies are JSON; the statements themselves are asserted on the documents' inputs.
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}" }
  }

  # Attributes other resources take as ARNs (the provider checks their form).
  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:eu-west-2:123456789012:key/00000000-0000-0000-0000-000000000001", key_id = "00000000-0000-0000-0000-000000000001" }
  }
  mock_resource "aws_sns_topic" {
    defaults = { arn = "arn:aws:sns:eu-west-2:123456789012:isobar-prod-alarms" }
  }
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::123456789012:role/isobar-prod-role" }
  }
  mock_resource "aws_iam_policy" {
    defaults = { arn = "arn:aws:iam::123456789012:policy/isobar-prod-policy" }
  }
  mock_resource "aws_lb" {
    defaults = { arn = "arn:aws:elasticloadbalancing:eu-west-2:123456789012:loadbalancer/app/isobar-prod-api/0123456789abcdef", arn_suffix = "app/isobar-prod-api/0123456789abcdef" }
  }
  mock_resource "aws_lb_target_group" {
    defaults = { arn = "arn:aws:elasticloadbalancing:eu-west-2:123456789012:targetgroup/isobar-prod-api/0123456789abcdef", arn_suffix = "targetgroup/isobar-prod-api/0123456789abcdef" }
  }
  mock_resource "aws_lb_listener" {
    defaults = { arn = "arn:aws:elasticloadbalancing:eu-west-2:123456789012:listener/app/isobar-prod-api/0123456789abcdef/0123456789abcdef" }
  }
  mock_resource "aws_sqs_queue" {
    defaults = { arn = "arn:aws:sqs:eu-west-2:123456789012:isobar-prod-ingest", url = "https://sqs.eu-west-2.amazonaws.com/123456789012/isobar-prod-ingest" }
  }
  mock_resource "aws_s3_bucket" {
    defaults = { arn = "arn:aws:s3:::isobar-prod-bucket", id = "isobar-prod-bucket" }
  }
  mock_resource "aws_wafv2_web_acl" {
    defaults = { arn = "arn:aws:wafv2:eu-west-2:123456789012:regional/webacl/isobar-prod-api/00000000-0000-0000-0000-000000000002" }
  }
  mock_resource "aws_ecs_cluster" {
    defaults = { arn = "arn:aws:ecs:eu-west-2:123456789012:cluster/isobar-prod" }
  }
  mock_resource "aws_ecs_task_definition" {
    defaults = { arn = "arn:aws:ecs:eu-west-2:123456789012:task-definition/isobar-prod-query-service:1" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:eu-west-2:123456789012:log-group:/isobar/prod" }
  }
  mock_resource "aws_cloudwatch_log_stream" {
    defaults = { arn = "arn:aws:logs:eu-west-2:123456789012:log-group:/isobar/prod:log-stream:flink" }
  }
  mock_resource "aws_kinesisanalyticsv2_application" {
    defaults = { arn = "arn:aws:kinesisanalytics:eu-west-2:123456789012:application/isobar-prod-ingest" }
  }
  mock_resource "aws_ecr_repository" {
    defaults = { arn = "arn:aws:ecr:eu-west-2:123456789012:repository/isobar-prod-query-service", repository_url = "123456789012.dkr.ecr.eu-west-2.amazonaws.com/isobar-prod-query-service" }
  }
  mock_resource "aws_dynamodb_table" {
    defaults = { arn = "arn:aws:dynamodb:eu-west-2:123456789012:table/isobar-prod-table", stream_arn = "arn:aws:dynamodb:eu-west-2:123456789012:table/isobar-prod-table/stream/2026-01-01T00:00:00.000" }
  }
}

mock_provider "aws" {
  alias = "met_office"
}

# terraform.tfvars.example, with the jar Terraform uploads replaced by a file every copy of the module has.
variables {
  environment             = "prod"
  query_service_image_tag = "0123abc"
  vpc_id                  = "vpc-0123456789abcdef0"
  public_subnet_ids       = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"]
  private_subnet_ids      = ["subnet-0cccccccccccccccc", "subnet-0dddddddddddddddd"]
  certificate_arn         = "arn:aws:acm:eu-west-2:123456789012:certificate/00000000-0000-0000-0000-000000000000"
  models                  = ["ukv", "mogreps-uk"]
  variables               = []
  job_jar_path            = "managed-flink.json"
}

run "the_stack_applies" {
  command = apply

  # ------------------------------------------------------------------------------------------ tables
  assert {
    condition = alltrue([for t in [aws_dynamodb_table.files, aws_dynamodb_table.valid_times, aws_dynamodb_table.ingest_errors,
    aws_dynamodb_table.api_keys] : t.server_side_encryption[0].enabled && t.server_side_encryption[0].kms_key_arn == aws_kms_key.data.arn])
    error_message = "Every table is encrypted with the stack's KMS key."
  }
  assert {
    condition = alltrue([for t in [aws_dynamodb_table.files, aws_dynamodb_table.valid_times, aws_dynamodb_table.ingest_errors,
    aws_dynamodb_table.api_keys] : t.point_in_time_recovery[0].enabled])
    error_message = "Every table has point-in-time recovery."
  }
  assert {
    condition     = aws_dynamodb_table.files.stream_enabled && aws_dynamodb_table.files.stream_view_type == "NEW_IMAGE"
    error_message = "The files table streams new images (every query service instance reads them for /v1/events)."
  }
  assert {
    condition     = aws_dynamodb_table.files.ttl[0].enabled && aws_dynamodb_table.files.ttl[0].attribute_name == "expires_at"
    error_message = "Files entries expire (TTL on expires_at) with their archived copy."
  }

  # ------------------------------------------------------------------------------------------ queues
  assert {
    condition     = jsondecode(aws_sqs_queue.ingest.redrive_policy).maxReceiveCount == 20
    error_message = "A message moves to the dead-letter queue after 20 receives (enough for job restarts)."
  }
  assert {
    condition     = jsondecode(aws_sqs_queue.ingest.redrive_policy).deadLetterTargetArn == aws_sqs_queue.dead_letter.arn
    error_message = "The ingest queue's dead letters go to the dead-letter queue."
  }
  assert {
    condition     = aws_sqs_queue.ingest.message_retention_seconds == 1209600 && aws_sqs_queue.dead_letter.message_retention_seconds == 1209600
    error_message = "Both queues keep messages 14 days."
  }
  assert {
    condition     = aws_sqs_queue.ingest.kms_master_key_id == aws_kms_key.data.arn && aws_sqs_queue.dead_letter.kms_master_key_id == aws_kms_key.data.arn
    error_message = "Both queues are encrypted with the stack's key."
  }

  # ---------------------------------------------------------------------------------------- SNS filter
  assert {
    condition = alltrue([for s in aws_sns_topic_subscription.met_office : jsondecode(s.filter_policy) == {
    model = ["mo-atmospheric-ukv-prd", "mo-atmospheric-mogreps-uk-prd"] } && s.filter_policy_scope == "MessageAttributes"])
    error_message = "Feeds with message attributes are filtered by the model allow-list (and no variable filter when it is empty)."
  }
  assert {
    condition     = alltrue([for s in aws_sns_topic_subscription.met_office : s.endpoint == aws_sqs_queue.ingest.arn && s.protocol == "sqs"])
    error_message = "Every Met Office feed delivers to the ingest queue."
  }

  # ------------------------------------------------------------------------------- least privilege
  assert {
    condition = alltrue(flatten([for d in [data.aws_iam_policy_document.flink, data.aws_iam_policy_document.query_service,
      data.aws_iam_policy_document.query_service_execution, data.aws_iam_policy_document.api_key_admin] : [
      for s in d.statement : alltrue([for a in coalesce(s.actions, []) : a != "*" && !endswith(a, ":*")])
    if coalesce(s.effect, "Allow") == "Allow"]]))
    error_message = "No role is allowed an action wildcard ('*' or 'service:*')."
  }

  # ---------------------------------------------------------------------------------------------- alarms
  assert {
    condition = alltrue([for name in ["ingest-queue-oldest-message", "ingest-dead-letters", "flink-downtime", "flink-restarts",
      "flink-failed-checkpoints", "ingest-errors", "ingest-aws-access-failures", "api-5xx", "api-no-healthy-task", "api-latency-p99"] :
    contains([for a in aws_cloudwatch_metric_alarm.alarm : a.alarm_name], "isobar-prod-${name}")])
    error_message = "Every alarm exists."
  }
  assert {
    condition     = alltrue([for a in aws_cloudwatch_metric_alarm.alarm : a.alarm_actions == toset([aws_sns_topic.alarms.arn])])
    error_message = "Every alarm notifies the alarm topic."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.alarm["dead_letters"].threshold == 0 && aws_cloudwatch_metric_alarm.alarm["dead_letters"].comparison_operator == "GreaterThanThreshold"
    error_message = "One message in the dead-letter queue raises the alarm."
  }

  # ------------------------------------------------------------------------------------------------- WAF
  assert {
    condition     = aws_wafv2_web_acl_association.api.web_acl_arn == aws_wafv2_web_acl.api.arn && aws_wafv2_web_acl_association.api.resource_arn == aws_lb.api.arn
    error_message = "The API's load balancer is behind the web ACL."
  }
  assert {
    condition     = anytrue([for r in aws_wafv2_web_acl.api.rule : length(r.statement[0].rate_based_statement) > 0 && try(length(r.action[0].block), 0) > 0])
    error_message = "The web ACL blocks clients above a per-IP rate."
  }

  # ------------------------------------------------------------------------------ no-downtime rollouts
  assert {
    condition     = aws_ecs_service.query_service.deployment_minimum_healthy_percent == 100 && aws_ecs_service.query_service.health_check_grace_period_seconds > 0
    error_message = "The query service rolls without dropping below its running tasks, with a health check grace period."
  }
  assert {
    condition     = aws_kinesisanalyticsv2_application.ingest.application_configuration[0].application_snapshot_configuration[0].snapshots_enabled
    error_message = "The ingest job takes a snapshot on every stop and update, so its de-duplication state survives deployments."
  }
}
