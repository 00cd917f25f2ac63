# Alarms for what users would notice: files arriving late (queue age, Flink down or restarting, checkpoints
# failing), files lost (dead letters, error records) and the API failing or slow. All notify one topic.

resource "aws_sns_topic" "alarms" {
  name              = "${local.prefix}-alarms"
  kms_master_key_id = aws_kms_key.data.arn
}

resource "aws_sns_topic_policy" "alarms" {
  arn    = aws_sns_topic.alarms.arn
  policy = data.aws_iam_policy_document.alarms_topic.json
}

data "aws_iam_policy_document" "alarms_topic" {
  statement {
    sid    = "IsobarAlarmsPublish"
    effect = "Allow"
    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.alarms.arn]
    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:cloudwatch:${var.region}:${local.account_id}:alarm:${local.prefix}-*"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }

  statement {
    sid    = "DenyInsecureTransport"
    effect = "Deny"
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.alarms.arn]
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_sns_topic_subscription" "alarm_email" {
  count     = var.alarm_email == null ? 0 : 1
  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

# Requests refused for their API key, counted from the query service's access log (the one way its numbers reach
# CloudWatch): a refusal is logged with key_id=- and status 401 (no key), 403 (unknown or revoked key) or 429 (a client
# over its failed-key budget; a valid key's 429s carry its key id). One filter per status, all into one metric.
locals {
  api_key_rejection_metric = { namespace = "Isobar/${local.prefix}", name = "ApiKeyRejections" }
  api_key_rejection_statuses = {
    missing     = 401
    invalid     = 403
    failed_keys = 429
  }
}

resource "aws_cloudwatch_log_metric_filter" "api_key_rejections" {
  for_each       = local.api_key_rejection_statuses
  name           = "${local.prefix}-api-key-rejections-${each.key}"
  log_group_name = aws_cloudwatch_log_group.query_service.name
  pattern        = "\"key_id=- \" \"status=${each.value} \""

  metric_transformation {
    namespace     = local.api_key_rejection_metric.namespace
    name          = local.api_key_rejection_metric.name
    value         = "1"
    default_value = "0"
    unit          = "Count"
  }
}

# One alarm resource for all: each entry of local.alarms gives what differs (a single metric, or metric
# queries combined by an expression); the threshold test, missing-data rule and actions are the same for all.
locals {
  ingest_queue_dimensions = { QueueName = aws_sqs_queue.ingest.name }
  flink_dimensions        = { Application = aws_kinesisanalyticsv2_application.ingest.name }
  api_dimensions = {
    LoadBalancer = aws_lb.api.arn_suffix
    TargetGroup  = aws_lb_target_group.query_service.arn_suffix
  }

  alarms = {
    # ------------------------------------------------------------------------------------------- ingest
    queue_oldest_message = {
      name        = "ingest-queue-oldest-message"
      description = "Notifications wait too long in the ingest queue: the job is down, stuck or too slow; new files are not searchable."
      metric      = { namespace = "AWS/SQS", name = "ApproximateAgeOfOldestMessage", dimensions = local.ingest_queue_dimensions, statistic = "Maximum", period = 300 }
      periods     = 2
      threshold   = var.oldest_message_alarm_seconds
    }
    dead_letters = {
      name        = "ingest-dead-letters"
      description = "Notifications failed repeatedly and sit in the dead-letter queue; inspect them and redrive."
      metric      = { namespace = "AWS/SQS", name = "ApproximateNumberOfMessagesVisible", dimensions = { QueueName = aws_sqs_queue.dead_letter.name }, statistic = "Maximum", period = 300 }
    }
    flink_downtime = {
      name        = "flink-downtime"
      description = "The ingest job has been failing or restarting for 5 minutes."
      metric      = { namespace = "AWS/KinesisAnalytics", name = "downtime", dimensions = local.flink_dimensions, statistic = "Maximum", period = 60 }
      periods     = 5
      # No metrics at all means the application is not running: that is downtime too, unless it was stopped on purpose.
      missing_data = var.start_flink_application ? "breaching" : "notBreaching"
    }
    flink_restarts = {
      name        = "flink-restarts"
      description = "The ingest job restarted (numRestarts rose): look for the cause in the Flink log group."
      queries = [
        { id = "restarts", metric = { namespace = "AWS/KinesisAnalytics", name = "numRestarts", dimensions = local.flink_dimensions, stat = "Maximum", period = 300 } },
        { id = "new_restarts", expression = "DIFF(restarts)", label = "Restarts in 5 minutes" },
      ]
    }
    flink_failed_checkpoints = {
      name        = "flink-failed-checkpoints"
      description = "Checkpoints fail: the job cannot delete processed messages, which will be redelivered."
      periods     = 3
      datapoints  = 2
      queries = [
        { id = "failed", metric = { namespace = "AWS/KinesisAnalytics", name = "numberOfFailedCheckpoints", dimensions = local.flink_dimensions, stat = "Maximum", period = 300 } },
        { id = "new_failures", expression = "DIFF(failed)", label = "Failed checkpoints in 5 minutes" },
      ]
    }
    # Credential, clock and policy failures (403 from an IAM, bucket or KMS key policy, an expired token, a skewed
    # clock) are retried, not blamed on files: one is a blip, 15 minutes of them is a broken deployment. The job
    # reports them in the "kinesisanalytics" metric group (IngestFunction), which Managed Flink sends to CloudWatch.
    ingest_aws_access_failures = {
      name        = "ingest-aws-access-failures"
      description = "The ingest job has met AWS credential, clock or policy failures for 15 minutes (access denied, expired token, clock skew): files wait in the queue until it is fixed."
      metric      = { namespace = "AWS/KinesisAnalytics", name = "awsAccessFailures", dimensions = merge(local.flink_dimensions, { Component = "ingest" }), statistic = "Sum", period = 300 }
      periods     = 3
    }
    # Every failed file or malformed message becomes one item in the errors table, so its write units count them
    # without depending on the job's own metrics reaching CloudWatch.
    ingest_errors = {
      name        = "ingest-errors"
      description = "Many files failed to ingest (about one write unit per error record); see GET /v1/ingest/errors or the ingest-errors table."
      metric      = { namespace = "AWS/DynamoDB", name = "ConsumedWriteCapacityUnits", dimensions = { TableName = aws_dynamodb_table.ingest_errors.name }, statistic = "Sum", period = 900 }
      threshold   = var.ingest_error_alarm_threshold
    }

    # ---------------------------------------------------------------------------------------------- API
    api_5xx = {
      name        = "api-5xx"
      description = "The API answers server errors (from the service, or from the load balancer when no task is healthy)."
      threshold   = var.api_5xx_alarm_threshold
      queries = [
        { id = "target", metric = { namespace = "AWS/ApplicationELB", name = "HTTPCode_Target_5XX_Count", dimensions = local.api_dimensions, stat = "Sum", period = 300 } },
        { id = "elb", metric = { namespace = "AWS/ApplicationELB", name = "HTTPCode_ELB_5XX_Count", dimensions = { LoadBalancer = aws_lb.api.arn_suffix }, stat = "Sum", period = 300 } },
        { id = "all_5xx", expression = "FILL(target, 0) + FILL(elb, 0)", label = "5xx answers in 5 minutes" },
      ]
    }
    api_no_healthy_task = {
      name         = "api-no-healthy-task"
      description  = "No query service task passes its health check: the API is down."
      metric       = { namespace = "AWS/ApplicationELB", name = "HealthyHostCount", dimensions = local.api_dimensions, statistic = "Minimum", period = 60 }
      periods      = 3
      comparison   = "LessThanThreshold"
      threshold    = 1
      missing_data = "breaching"
    }
    api_key_rejections = {
      name        = "api-key-rejections"
      description = "Many requests refused for their API key (missing, unknown or revoked, or from a client over its failed-key budget): someone is guessing keys, or a client lost its key. Valid keys keep working (docs/api.md, Authentication)."
      metric      = { namespace = local.api_key_rejection_metric.namespace, name = local.api_key_rejection_metric.name, dimensions = {}, statistic = "Sum", period = 300 }
      threshold   = var.api_key_rejection_alarm_threshold
    }
    api_latency = {
      name        = "api-latency-p99"
      description = "The slowest 1% of API answers take over a second."
      metric      = { namespace = "AWS/ApplicationELB", name = "TargetResponseTime", dimensions = local.api_dimensions, extended_statistic = "p99", period = 300 }
      periods     = 3
      datapoints  = 2
      threshold   = 1
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "alarm" {
  for_each = local.alarms

  alarm_name          = "${local.prefix}-${each.value.name}"
  alarm_description   = each.value.description
  namespace           = try(each.value.metric.namespace, null)
  metric_name         = try(each.value.metric.name, null)
  dimensions          = try(each.value.metric.dimensions, null)
  statistic           = try(each.value.metric.statistic, null)
  extended_statistic  = try(each.value.metric.extended_statistic, null)
  period              = try(each.value.metric.period, null)
  evaluation_periods  = try(each.value.periods, 1)
  datapoints_to_alarm = try(each.value.datapoints, null)
  comparison_operator = try(each.value.comparison, "GreaterThanThreshold")
  threshold           = try(each.value.threshold, 0)
  treat_missing_data  = try(each.value.missing_data, "notBreaching")
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]

  # Queries that fetch a metric feed the one expression that returns the alarm's data.
  dynamic "metric_query" {
    for_each = try(each.value.queries, [])
    content {
      id          = metric_query.value.id
      expression  = try(metric_query.value.expression, null)
      label       = try(metric_query.value.label, null)
      return_data = can(metric_query.value.expression)

      dynamic "metric" {
        for_each = can(metric_query.value.metric) ? [metric_query.value.metric] : []
        content {
          namespace   = metric.value.namespace
          metric_name = metric.value.name
          dimensions  = metric.value.dimensions
          stat        = metric.value.stat
          period      = metric.value.period
        }
      }
    }
  }
}
