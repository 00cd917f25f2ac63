# Resources that changed address in a refactoring: terraform moves them in the state instead of destroying
# and recreating them. Keep an entry as long as a stack deployed before it may still be applied.

# The alarms became one for_each resource (alarms.tf).
moved {
  from = aws_cloudwatch_metric_alarm.queue_oldest_message
  to   = aws_cloudwatch_metric_alarm.alarm["queue_oldest_message"]
}

moved {
  from = aws_cloudwatch_metric_alarm.dead_letters
  to   = aws_cloudwatch_metric_alarm.alarm["dead_letters"]
}

moved {
  from = aws_cloudwatch_metric_alarm.flink_downtime
  to   = aws_cloudwatch_metric_alarm.alarm["flink_downtime"]
}

moved {
  from = aws_cloudwatch_metric_alarm.flink_restarts
  to   = aws_cloudwatch_metric_alarm.alarm["flink_restarts"]
}

moved {
  from = aws_cloudwatch_metric_alarm.flink_failed_checkpoints
  to   = aws_cloudwatch_metric_alarm.alarm["flink_failed_checkpoints"]
}

moved {
  from = aws_cloudwatch_metric_alarm.ingest_errors
  to   = aws_cloudwatch_metric_alarm.alarm["ingest_errors"]
}

moved {
  from = aws_cloudwatch_metric_alarm.api_5xx
  to   = aws_cloudwatch_metric_alarm.alarm["api_5xx"]
}

moved {
  from = aws_cloudwatch_metric_alarm.api_no_healthy_task
  to   = aws_cloudwatch_metric_alarm.alarm["api_no_healthy_task"]
}

moved {
  from = aws_cloudwatch_metric_alarm.api_latency
  to   = aws_cloudwatch_metric_alarm.alarm["api_latency"]
}
