# Subscriptions of the ingest queue to the Met Office topics. Topics that set the "model" and "name" message
# attributes get a filter policy built from the allow-lists, so unwanted files never reach the queue (and cost
# nothing); bare S3-event topics carry no attributes and are filtered by the job after it reads the header.
resource "aws_sns_topic_subscription" "met_office" {
  for_each = var.met_office_sources
  provider = aws.met_office

  topic_arn = each.value.topic_arn
  protocol  = "sqs"
  endpoint  = aws_sqs_queue.ingest.arn
  # The job accepts the SNS envelope (which names the topic) as well as raw bodies.
  raw_message_delivery = false
  filter_policy        = each.value.message_attributes ? local.sns_filter_policy : null
  filter_policy_scope  = each.value.message_attributes && local.sns_filter_policy != null ? "MessageAttributes" : null

  depends_on = [aws_sqs_queue_policy.ingest]
}
