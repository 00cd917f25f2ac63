# The ingest job on Amazon Managed Service for Apache Flink. Checkpointing, parallelism and the job's tunable
# properties come from managed-flink.json (explained in flink-conf/README.md).

resource "aws_kinesisanalyticsv2_application" "ingest" {
  name                   = local.flink_application_name
  description            = "Isobar ingest: Met Office notifications to archive and index"
  runtime_environment    = local.flink.runtime_environment
  service_execution_role = aws_iam_role.flink.arn
  start_application      = var.start_flink_application

  application_configuration {
    application_code_configuration {
      code_content_type = "ZIPFILE"
      code_content {
        s3_content_location {
          bucket_arn     = aws_s3_bucket.artifacts.arn
          file_key       = aws_s3_object.job_jar.key
          object_version = aws_s3_object.job_jar.version_id
        }
      }
    }

    # A snapshot on every stop and update: the de-duplication memory survives deployments.
    application_snapshot_configuration {
      snapshots_enabled = local.flink.snapshots_enabled
    }

    environment_properties {
      property_group {
        property_group_id = local.ingest_property_group
        property_map      = local.ingest_properties
      }
    }

    flink_application_configuration {
      checkpoint_configuration {
        configuration_type            = "CUSTOM"
        checkpointing_enabled         = true
        checkpoint_interval           = local.flink.checkpoint_interval_ms
        min_pause_between_checkpoints = local.flink.min_pause_between_checkpoints_ms
      }

      monitoring_configuration {
        configuration_type = "CUSTOM"
        log_level          = local.flink.log_level
        metrics_level      = local.flink.metrics_level
      }

      parallelism_configuration {
        configuration_type   = "CUSTOM"
        auto_scaling_enabled = local.flink.auto_scaling_enabled
        parallelism          = coalesce(var.flink_parallelism, local.flink.parallelism)
        parallelism_per_kpu  = local.flink.parallelism_per_kpu
      }
    }

    run_configuration {
      application_restore_configuration {
        application_restore_type = "RESTORE_FROM_LATEST_SNAPSHOT"
      }
      flink_run_configuration {
        allow_non_restored_state = false
      }
    }
  }

  cloudwatch_logging_options {
    log_stream_arn = aws_cloudwatch_log_stream.flink.arn
  }

  # The role's permissions must exist before the application validates them.
  depends_on = [aws_iam_role_policy.flink]
}

resource "aws_cloudwatch_log_group" "flink" {
  name              = "${local.log_group_prefix}/flink"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.data.arn
}

resource "aws_cloudwatch_log_stream" "flink" {
  name           = "ingest"
  log_group_name = aws_cloudwatch_log_group.flink.name
}

# ------------------------------------------------------------------------------------------------- role

resource "aws_iam_role" "flink" {
  name               = "${local.prefix}-flink"
  description        = "Isobar ingest job on Managed Flink"
  assume_role_policy = data.aws_iam_policy_document.flink_assume.json
}

data "aws_iam_policy_document" "flink_assume" {
  statement {
    sid     = "ManagedFlinkForThisApplication"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["kinesisanalytics.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:kinesisanalytics:${var.region}:${local.account_id}:application/${local.flink_application_name}"]
    }
  }
}

resource "aws_iam_role_policy" "flink" {
  name   = "ingest"
  role   = aws_iam_role.flink.id
  policy = data.aws_iam_policy_document.flink.json
}

data "aws_iam_policy_document" "flink" {
  # The SQS source: receive, delete after the checkpoint (DeleteMessageBatch is authorised as DeleteMessage),
  # extend visibility while waiting for it (ChangeMessageVisibilityBatch likewise).
  statement {
    sid    = "ConsumeIngestQueue"
    effect = "Allow"
    actions = [
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:ChangeMessageVisibility",
      "sqs:GetQueueAttributes",
    ]
    resources = [aws_sqs_queue.ingest.arn]
  }

  # Ranged header reads and the server-side copy source. Copying an object that has tags needs its tags too.
  statement {
    sid       = "ReadMetOfficeObjects"
    effect    = "Allow"
    actions   = ["s3:GetObject", "s3:GetObjectTagging"]
    resources = local.met_office_object_arns
  }

  # Without ListBucket a missing key answers 403 instead of 404, and a deleted file would look like a
  # permission problem (retried) instead of a permanent failure (an error record).
  statement {
    sid       = "ListMetOfficeBuckets"
    effect    = "Allow"
    actions   = ["s3:ListBucket"]
    resources = local.met_office_bucket_arns
  }

  # The archive copy (CopyObject, or a multipart copy above 5 GiB).
  statement {
    sid       = "WriteArchive"
    effect    = "Allow"
    actions   = ["s3:PutObject", "s3:PutObjectTagging", "s3:AbortMultipartUpload"]
    resources = ["${aws_s3_bucket.archive.arn}/*"]
  }

  # Encrypting archive copies, decrypting queue messages, and (for the service) reading the jar.
  statement {
    sid       = "UseDataKey"
    effect    = "Allow"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [aws_kms_key.data.arn]
  }

  # The DynamoDB sinks write with BatchWriteItem (flink-connector-dynamodb 4.3.0 makes no other call).
  statement {
    sid     = "WriteIndex"
    effect  = "Allow"
    actions = ["dynamodb:BatchWriteItem", "dynamodb:PutItem"]
    resources = [
      aws_dynamodb_table.files.arn,
      aws_dynamodb_table.valid_times.arn,
      aws_dynamodb_table.ingest_errors.arn,
    ]
  }

  # The summary operators start a count they have not met from what the index holds: one Query of a run's step
  # (by-run index), one of a time's run summaries, one GetItem of a run summary or a parameter (job/summary).
  statement {
    sid     = "ReadIndexForSummaries"
    effect  = "Allow"
    actions = ["dynamodb:Query", "dynamodb:GetItem"]
    resources = [
      "${aws_dynamodb_table.files.arn}/index/by-run",
      aws_dynamodb_table.valid_times.arn,
    ]
  }

  statement {
    sid       = "ReadApplicationCode"
    effect    = "Allow"
    actions   = ["s3:GetObject", "s3:GetObjectVersion"]
    resources = ["${aws_s3_bucket.artifacts.arn}/${aws_s3_object.job_jar.key}"]
  }

  # What Managed Flink needs to ship the application's logs, as its documentation lists it.
  statement {
    sid       = "FindLogGroups"
    effect    = "Allow"
    actions   = ["logs:DescribeLogGroups"]
    resources = ["arn:${local.partition}:logs:${var.region}:${local.account_id}:log-group:*"]
  }

  statement {
    sid       = "FindLogStream"
    effect    = "Allow"
    actions   = ["logs:DescribeLogStreams"]
    resources = ["${aws_cloudwatch_log_group.flink.arn}:log-stream:*"]
  }

  statement {
    sid       = "WriteLogs"
    effect    = "Allow"
    actions   = ["logs:PutLogEvents"]
    resources = [aws_cloudwatch_log_stream.flink.arn]
  }
}
