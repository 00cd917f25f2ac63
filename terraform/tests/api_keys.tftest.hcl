# API keys on AWS (docs/api.md, Authentication): the service learns the real client from the load balancer's
# X-Forwarded-For, trusting only the VPC's addresses; refused keys are counted from the access log and alarmed on; the
# service may list the keys (the cheap refusal of made-up keys); and CloudWatch may use the data key only for this
# account's alarms. Run offline from the module: terraform init -backend=false -plugin-dir=DIR && terraform test

mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}" }
  }
  mock_data "aws_vpc" {
    defaults = {
      cidr_block = "10.20.0.0/16"
      cidr_block_associations = [
        { association_id = "vpc-cidr-assoc-0", cidr_block = "10.20.0.0/16", state = "associated" },
        { association_id = "vpc-cidr-assoc-1", cidr_block = "100.64.0.0/20", state = "associated" },
      ]
    }
  }
}

mock_provider "aws" {
  alias = "met_office"
}

variables {
  environment             = "prod"
  query_service_image_tag = "0123abc"
  vpc_id                  = "vpc-0123456789abcdef0"
  public_subnet_ids       = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"]
  private_subnet_ids      = ["subnet-0cccccccccccccccc", "subnet-0dddddddddddddddd"]
  certificate_arn         = "arn:aws:acm:eu-west-2:123456789012:certificate/00000000-0000-0000-0000-000000000000"
  job_jar_path            = "versions.tf"
}

run "the_client_is_the_load_balancers_right_most_forwarded_entry" {
  command = plan

  assert {
    condition     = aws_lb.api.xff_header_processing_mode == "append"
    error_message = "The load balancer appends the client's address to X-Forwarded-For (the entry the service trusts)."
  }
  assert {
    condition     = local.api_trusted_proxy_cidrs == tolist(["10.20.0.0/16", "100.64.0.0/20"])
    error_message = "By default the service trusts X-Forwarded-For from the VPC's addresses, every CIDR block of it."
  }
}

run "trusted_proxies_can_be_set" {
  command = plan

  variables {
    api_trusted_proxy_cidrs = ["10.20.4.0/24", "10.20.5.0/24"]
  }

  assert {
    condition     = local.api_trusted_proxy_cidrs == tolist(["10.20.4.0/24", "10.20.5.0/24"])
    error_message = "api_trusted_proxy_cidrs replaces the VPC's CIDR blocks."
  }
}

run "refused_keys_are_counted_and_alarmed_on" {
  command = plan

  assert {
    condition = { for k, f in aws_cloudwatch_log_metric_filter.api_key_rejections : k => f.pattern } == {
      missing     = "\"key_id=- \" \"status=401 \""
      invalid     = "\"key_id=- \" \"status=403 \""
      failed_keys = "\"key_id=- \" \"status=429 \""
    }
    error_message = "Access-log lines of refused keys (no key id; 401, 403, or 429 from a client over its failed-key budget) are counted."
  }
  assert {
    condition = alltrue([for f in aws_cloudwatch_log_metric_filter.api_key_rejections : alltrue([
      f.log_group_name == aws_cloudwatch_log_group.query_service.name,
      f.metric_transformation[0].namespace == "Isobar/isobar-prod",
      f.metric_transformation[0].name == "ApiKeyRejections",
      f.metric_transformation[0].value == "1",
    ])])
    error_message = "Every refusal adds 1 to one metric, read from the query service's log group."
  }
  assert {
    condition = alltrue([
      aws_cloudwatch_metric_alarm.alarm["api_key_rejections"].alarm_name == "isobar-prod-api-key-rejections",
      aws_cloudwatch_metric_alarm.alarm["api_key_rejections"].namespace == "Isobar/isobar-prod",
      aws_cloudwatch_metric_alarm.alarm["api_key_rejections"].metric_name == "ApiKeyRejections",
      aws_cloudwatch_metric_alarm.alarm["api_key_rejections"].statistic == "Sum",
      aws_cloudwatch_metric_alarm.alarm["api_key_rejections"].period == 300,
      aws_cloudwatch_metric_alarm.alarm["api_key_rejections"].threshold == 600,
      aws_cloudwatch_metric_alarm.alarm["api_key_rejections"].comparison_operator == "GreaterThanThreshold",
    ])
    error_message = "An alarm fires when more than 600 requests in 5 minutes are refused for their key."
  }
  assert {
    condition = [for s in data.aws_iam_policy_document.query_service.statement : toset(s.actions)
    if s.sid == "VerifyApiKeys"][0] == toset(["dynamodb:GetItem", "dynamodb:Scan"])
    error_message = "The service reads a key (GetItem) and lists the unrevoked keys (Scan), and nothing more, on the api-keys table."
  }
}

run "cloudwatch_uses_the_key_only_for_this_account" {
  command = plan

  assert {
    condition = anytrue([for st in data.aws_iam_policy_document.kms_key.statement : anytrue([
      for c in st.condition : c.test == "StringEquals" && c.variable == "aws:SourceAccount" && toset(c.values) == toset(["123456789012"])
    ]) if st.sid == "CloudWatchAlarmsPublishToEncryptedTopic"])
    error_message = "The key policy lets CloudWatch encrypt alarm notifications only on behalf of this account (aws:SourceAccount)."
  }
  assert {
    condition = alltrue([for st in data.aws_iam_policy_document.kms_key.statement : length(st.condition) > 0
      if contains(flatten([for p in st.principals : p.identifiers if p.type == "Service"]), "cloudwatch.amazonaws.com")
    || anytrue([for p in st.principals : anytrue([for i in p.identifiers : startswith(i, "logs.")]) if p.type == "Service"])])
    error_message = "Every statement for a CloudWatch service principal is conditioned."
  }
}
