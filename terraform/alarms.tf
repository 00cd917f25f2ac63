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

# ----------------------------------------------------------------------------------------------- ingest

resource "aws_cloudwatch_metric_alarm" "queue_oldest_message" {
  alarm_name          = "${local.prefix}-ingest-queue-oldest-message"
  alarm_description   = "Notifications wait too long in the ingest queue: the job is down, stuck or too slow; new files are not searchable."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  dimensions          = { QueueName = aws_sqs_queue.ingest.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.oldest_message_alarm_seconds
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudwatch_metric_alarm" "dead_letters" {
  alarm_name          = "${local.prefix}-ingest-dead-letters"
  alarm_description   = "Notifications failed repeatedly and sit in the dead-letter queue; inspect them and redrive."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.dead_letter.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudwatch_metric_alarm" "flink_downtime" {
  alarm_name          = "${local.prefix}-flink-downtime"
  alarm_description   = "The ingest job has been failing or restarting for 5 minutes."
  namespace           = "AWS/KinesisAnalytics"
  metric_name         = "downtime"
  dimensions          = { Application = aws_kinesisanalyticsv2_application.ingest.name }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 5
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  # No metrics at all means the application is not running: that is downtime too, unless it was stopped on purpose.
  treat_missing_data = var.start_flink_application ? "breaching" : "notBreaching"
  alarm_actions      = [aws_sns_topic.alarms.arn]
  ok_actions         = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudwatch_metric_alarm" "flink_restarts" {
  alarm_name          = "${local.prefix}-flink-restarts"
  alarm_description   = "The ingest job restarted (numRestarts rose): look for the cause in the Flink log group."
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]

  metric_query {
    id          = "restarts"
    return_data = false
    metric {
      namespace   = "AWS/KinesisAnalytics"
      metric_name = "numRestarts"
      dimensions  = { Application = aws_kinesisanalyticsv2_application.ingest.name }
      stat        = "Maximum"
      period      = 300
    }
  }

  metric_query {
    id          = "new_restarts"
    expression  = "DIFF(restarts)"
    label       = "Restarts in 5 minutes"
    return_data = true
  }
}

resource "aws_cloudwatch_metric_alarm" "flink_failed_checkpoints" {
  alarm_name          = "${local.prefix}-flink-failed-checkpoints"
  alarm_description   = "Checkpoints fail: the job cannot delete processed messages, which will be redelivered."
  evaluation_periods  = 3
  datapoints_to_alarm = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]

  metric_query {
    id          = "failed"
    return_data = false
    metric {
      namespace   = "AWS/KinesisAnalytics"
      metric_name = "numberOfFailedCheckpoints"
      dimensions  = { Application = aws_kinesisanalyticsv2_application.ingest.name }
      stat        = "Maximum"
      period      = 300
    }
  }

  metric_query {
    id          = "new_failures"
    expression  = "DIFF(failed)"
    label       = "Failed checkpoints in 5 minutes"
    return_data = true
  }
}

# Every failed file or malformed message becomes one item in the errors table, so its write units count them
# without depending on the job's own metrics reaching CloudWatch.
resource "aws_cloudwatch_metric_alarm" "ingest_errors" {
  alarm_name          = "${local.prefix}-ingest-errors"
  alarm_description   = "Many files failed to ingest (about one write unit per error record); see GET /v1/ingest/errors or the ingest-errors table."
  namespace           = "AWS/DynamoDB"
  metric_name         = "ConsumedWriteCapacityUnits"
  dimensions          = { TableName = aws_dynamodb_table.ingest_errors.name }
  statistic           = "Sum"
  period              = 900
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.ingest_error_alarm_threshold
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}

# ------------------------------------------------------------------------------------------------- API

resource "aws_cloudwatch_metric_alarm" "api_5xx" {
  alarm_name          = "${local.prefix}-api-5xx"
  alarm_description   = "The API answers server errors (from the service, or from the load balancer when no task is healthy)."
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.api_5xx_alarm_threshold
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]

  metric_query {
    id          = "target"
    return_data = false
    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "HTTPCode_Target_5XX_Count"
      dimensions = {
        LoadBalancer = aws_lb.api.arn_suffix
        TargetGroup  = aws_lb_target_group.query_service.arn_suffix
      }
      stat   = "Sum"
      period = 300
    }
  }

  metric_query {
    id          = "elb"
    return_data = false
    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "HTTPCode_ELB_5XX_Count"
      dimensions  = { LoadBalancer = aws_lb.api.arn_suffix }
      stat        = "Sum"
      period      = 300
    }
  }

  metric_query {
    id          = "all_5xx"
    expression  = "FILL(target, 0) + FILL(elb, 0)"
    label       = "5xx answers in 5 minutes"
    return_data = true
  }
}

resource "aws_cloudwatch_metric_alarm" "api_no_healthy_task" {
  alarm_name        = "${local.prefix}-api-no-healthy-task"
  alarm_description = "No query service task passes its health check: the API is down."
  namespace         = "AWS/ApplicationELB"
  metric_name       = "HealthyHostCount"
  dimensions = {
    LoadBalancer = aws_lb.api.arn_suffix
    TargetGroup  = aws_lb_target_group.query_service.arn_suffix
  }
  statistic           = "Minimum"
  period              = 60
  evaluation_periods  = 3
  comparison_operator = "LessThanThreshold"
  threshold           = 1
  treat_missing_data  = "breaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudwatch_metric_alarm" "api_latency" {
  alarm_name        = "${local.prefix}-api-latency-p99"
  alarm_description = "The slowest 1% of API answers take over a second."
  namespace         = "AWS/ApplicationELB"
  metric_name       = "TargetResponseTime"
  dimensions = {
    LoadBalancer = aws_lb.api.arn_suffix
    TargetGroup  = aws_lb_target_group.query_service.arn_suffix
  }
  extended_statistic  = "p99"
  period              = 300
  evaluation_periods  = 3
  datapoints_to_alarm = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}
