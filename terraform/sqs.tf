# The ingest queue the Met Office topics deliver to, and its dead-letter queue. The job deletes a message
# only after the checkpoint covering it completes, so the visibility timeout must outlast a checkpoint
# interval plus the slowest file (the source also extends it for messages still waiting).

resource "aws_sqs_queue" "ingest" {
  name                       = "${local.prefix}-ingest"
  message_retention_seconds  = 1209600 # 14 days, the SQS maximum: an outage of the job loses nothing
  visibility_timeout_seconds = local.queue_visibility
  receive_wait_time_seconds  = 20
  kms_master_key_id          = aws_kms_key.data.arn
  # SQS asks KMS for a data key at most hourly per producer and consumer.
  kms_data_key_reuse_period_seconds = 3600

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dead_letter.arn
    maxReceiveCount     = var.max_receive_count
  })

  lifecycle {
    precondition {
      condition     = local.queue_visibility > local.flink.checkpoint_interval_ms / 1000 + local.enrich_timeout
      error_message = "queue.visibility-timeout-seconds must exceed the checkpoint interval plus enrich.timeout-seconds (managed-flink.json)."
    }
  }
}

resource "aws_sqs_queue" "dead_letter" {
  name                              = "${local.prefix}-ingest-dlq"
  message_retention_seconds         = 1209600
  kms_master_key_id                 = aws_kms_key.data.arn
  kms_data_key_reuse_period_seconds = 3600
}

resource "aws_sqs_queue_redrive_allow_policy" "dead_letter" {
  queue_url = aws_sqs_queue.dead_letter.id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.ingest.arn]
  })
}

resource "aws_sqs_queue_policy" "ingest" {
  queue_url = aws_sqs_queue.ingest.id
  policy    = data.aws_iam_policy_document.ingest_queue.json
}

data "aws_iam_policy_document" "ingest_queue" {
  # Only the configured Met Office topics may send; nobody else, however the queue URL leaks.
  statement {
    sid    = "MetOfficeTopicsOnly"
    effect = "Allow"
    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.ingest.arn]
    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = local.met_office_topic_arns
    }
  }

  statement {
    sid    = "DenyInsecureTransport"
    effect = "Deny"
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    actions   = ["sqs:*"]
    resources = [aws_sqs_queue.ingest.arn]
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_sqs_queue_policy" "dead_letter" {
  queue_url = aws_sqs_queue.dead_letter.id
  policy    = data.aws_iam_policy_document.dead_letter_queue.json
}

data "aws_iam_policy_document" "dead_letter_queue" {
  statement {
    sid    = "DenyInsecureTransport"
    effect = "Deny"
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    actions   = ["sqs:*"]
    resources = [aws_sqs_queue.dead_letter.arn]
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}
