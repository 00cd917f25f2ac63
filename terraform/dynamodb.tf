# The index tables. Names, keys, the by-run index and the TTL attribute are those of the shared schema,
# core/src/main/java/io/isobar/index/IndexSchema.java (see docs/index-schema.md): the terraform checks fail the
# build when they differ. All on-demand (the load follows the Met Office's run cycle), with point-in-time
# recovery and encryption under our key.

resource "aws_dynamodb_table" "files" {
  name                        = "${local.prefix}-files"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "time"
  range_key                   = "file_key"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "time"
    type = "S"
  }
  attribute {
    name = "file_key"
    type = "S"
  }
  attribute {
    name = "run_key"
    type = "S"
  }
  attribute {
    name = "run_sort"
    type = "S"
  }

  global_secondary_index {
    name            = "by-run"
    hash_key        = "run_key"
    range_key       = "run_sort"
    projection_type = "ALL"
  }

  # Every query service instance reads the new items from this stream to push GET /v1/events
  # (IndexSchema.FILES_STREAM_VIEW).
  stream_enabled   = true
  stream_view_type = "NEW_IMAGE"
  # An entry expires with the archived copy it points to: the job sets expires_at (epoch seconds) to the time it
  # indexed the file plus index.file-retention-days, which is archive_retention_days (locals.tf), the archive
  # bucket's lifecycle expiry (s3.tf).
  ttl {
    attribute_name = "expires_at"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.data.arn
  }
}

resource "aws_dynamodb_table" "valid_times" {
  name                        = "${local.prefix}-valid-times"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "model"
  range_key                   = "time"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "model"
    type = "S"
  }
  attribute {
    name = "time"
    type = "S"
  }

  # Markers and summaries expire with the last file they count (IndexSchema.TIMES_TTL), so the table stops growing.
  ttl {
    attribute_name = "expires_at"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.data.arn
  }
}

resource "aws_dynamodb_table" "ingest_errors" {
  name                        = "${local.prefix}-ingest-errors"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "day"
  range_key                   = "error_key"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "day"
    type = "S"
  }
  attribute {
    name = "error_key"
    type = "S"
  }

  # The job sets expires_at (epoch seconds) 30 days ahead; DynamoDB deletes expired records for free.
  ttl {
    attribute_name = "expires_at"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.data.arn
  }
}

resource "aws_dynamodb_table" "api_keys" {
  name                        = "${local.prefix}-api-keys"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "key_hash"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "key_hash"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.data.arn
  }
}
