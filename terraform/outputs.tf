output "api_url" {
  description = "Base URL of the query API (the API itself is under /v1)."
  value       = "https://${coalesce(var.api_domain_name, aws_lb.api.dns_name)}"
}

output "queue_url" {
  description = "The ingest queue the Met Office topics deliver to."
  value       = aws_sqs_queue.ingest.url
}

output "dead_letter_queue_url" {
  description = "Where notifications go after repeated failures."
  value       = aws_sqs_queue.dead_letter.url
}

output "table_prefix" {
  description = "The index table prefix (ISOBAR_TABLE_PREFIX, index.table-prefix, `isobar keys --table-prefix`)."
  value       = local.prefix
}

output "table_names" {
  description = "The index tables."
  value = {
    files         = aws_dynamodb_table.files.name
    valid_times   = aws_dynamodb_table.valid_times.name
    ingest_errors = aws_dynamodb_table.ingest_errors.name
    api_keys      = aws_dynamodb_table.api_keys.name
  }
}

output "flink_application_name" {
  description = "The Managed Flink application running the ingest job."
  value       = aws_kinesisanalyticsv2_application.ingest.name
}

output "flink_log_group" {
  description = "CloudWatch log group of the ingest job."
  value       = aws_cloudwatch_log_group.flink.name
}

output "archive_bucket" {
  description = "Our archive of the Met Office files."
  value       = aws_s3_bucket.archive.id
}

output "artifacts_bucket" {
  description = "Bucket holding the Flink job jar."
  value       = aws_s3_bucket.artifacts.id
}

output "ecr_repository_url" {
  description = "Push the query service image here."
  value       = aws_ecr_repository.query_service.repository_url
}

output "ecs_cluster_name" {
  description = "The ECS cluster running the query service."
  value       = aws_ecs_cluster.main.name
}

output "alarm_topic_arn" {
  description = "SNS topic every alarm notifies."
  value       = aws_sns_topic.alarms.arn
}

output "api_key_admin_policy_arn" {
  description = "Attach to the operators who run `isobar keys`."
  value       = aws_iam_policy.api_key_admin.arn
}

output "kms_key_arn" {
  description = "The key encrypting Isobar's data."
  value       = aws_kms_key.data.arn
}
