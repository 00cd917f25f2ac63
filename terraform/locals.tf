data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  # Every name derives from this; it is also the index table prefix the job and the service are given.
  prefix     = "${var.project}-${var.environment}"
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition

  tags = merge(var.tags, {
    Project     = var.project
    Environment = var.environment
    ManagedBy   = "terraform"
  })

  # The Managed Flink settings and the job's tunable properties live in managed-flink.json (beside this file),
  # explained in flink-conf/README.md; terraform adds only what depends on this deployment.
  flink          = jsondecode(file("${path.module}/managed-flink.json"))
  ingest_tunable = local.flink.property_groups[local.ingest_property_group]

  # The job's property group and the keys below are JobConfig's (job/src/main/java/io/isobar/job/config/JobConfig.java);
  # the terraform checks fail the build if they drift apart.
  ingest_property_group = "IsobarIngest"
  ingest_deployment = {
    "aws.region"                = var.region
    "queue.url"                 = aws_sqs_queue.ingest.url
    "archive.bucket"            = aws_s3_bucket.archive.id
    "index.table-prefix"        = local.prefix
    "index.file-retention-days" = var.archive_retention_days # entries expire with the archive's copies (s3.tf)
    "filter.models"             = join(",", var.models)
    "filter.variables"          = join(",", var.variables)
  }
  # Managed Flink refuses empty property values; an empty allow-list means "all", which is also the default.
  ingest_properties = { for k, v in merge(local.ingest_tunable, local.ingest_deployment) : k => v if v != "" }

  flink_application_name = "${local.prefix}-ingest"
  # lookup rather than an index: hcl4j (the offline checks' parser) cannot index a local with a string. The
  # defaults are JobConfig's, for a file that leaves the key out.
  queue_visibility = tonumber(lookup(local.ingest_tunable, "queue.visibility-timeout-seconds", "300"))
  enrich_timeout   = tonumber(lookup(local.ingest_tunable, "enrich.timeout-seconds", "120"))

  # The Met Office feeds: topics for the queue policy and the KMS key policy, buckets for the job's role.
  met_office_topic_arns  = [for s in values(var.met_office_sources) : s.topic_arn]
  met_office_bucket_arns = [for s in values(var.met_office_sources) : "arn:${local.partition}:s3:::${s.bucket}"]
  met_office_object_arns = [for s in values(var.met_office_sources) : "arn:${local.partition}:s3:::${s.bucket}/*"]

  # The SNS filter policy, on the message attributes the Met Office sets: "model" holds names like
  # mo-atmospheric-mogreps-uk-prd, "name" the CF variable name. An empty allow-list filters nothing.
  sns_filter_candidates = {
    model = [for m in var.models : "mo-atmospheric-${m}-prd"]
    name  = var.variables
  }
  sns_filter        = { for attribute, allowed in local.sns_filter_candidates : attribute => allowed if length(allowed) > 0 }
  sns_filter_policy = length(local.sns_filter) > 0 ? jsonencode(local.sns_filter) : null

  query_service_name = "query-service"
  query_service_port = 7070
  log_group_prefix   = "/${var.project}/${var.environment}"
}
