# The API's front door on AWS (issue 20). The WAF against the limits table of docs/api.md ("Limits"): every URL the
# service serves passes (no managed rule blocks on size; only the explicit rules below do) and nothing larger does (the
# URL path over 1,024 bytes and the query string over 8,192 bytes, as sent, are blocked with the service's own 414
# problem); WafLimitsTest (Java) holds these numbers to io.isobar.query.http.Limits. And API keys (docs/api.md,
# Authentication): the service learns the real client from the load balancer's X-Forwarded-For, trusting only the VPC's
# addresses; refused keys are counted from the access log and alarmed on; the service may list the keys (the cheap
# refusal of made-up keys); and CloudWatch may use the data key only for this account's alarms.
# Run offline from the module: terraform init -backend=false -plugin-dir=DIR && terraform test

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

run "urls_within_the_limits_pass_and_larger_ones_are_414" {
  command = plan

  assert {
    condition = [for r in aws_wafv2_web_acl.api.rule : r.statement[0].size_constraint_statement[0]
    if r.name == "query-string-too-long"][0].size == 8192
    error_message = "The WAF blocks query strings over 8,192 bytes (Limits.QUERY_BYTES), no fewer."
  }
  assert {
    condition = [for r in aws_wafv2_web_acl.api.rule : r.statement[0].size_constraint_statement[0]
    if r.name == "uri-path-too-long"][0].size == 1024
    error_message = "The WAF blocks URL paths over 1,024 bytes (Limits.PATH_BYTES), no fewer."
  }
  assert {
    condition = alltrue([for r in aws_wafv2_web_acl.api.rule : alltrue([
      r.statement[0].size_constraint_statement[0].comparison_operator == "GT",
      length(r.statement[0].size_constraint_statement[0].field_to_match) == 1,
      length(r.statement[0].size_constraint_statement[0].field_to_match[0][r.name == "uri-path-too-long" ? "uri_path" : "query_string"]) == 1,
      [for t in r.statement[0].size_constraint_statement[0].text_transformation : t.type] == ["NONE"],
    ]) if length(r.statement[0].size_constraint_statement) > 0])
    error_message = "Each size rule measures its own part of the URL, as sent (no transformation), and blocks only what is larger."
  }
  assert {
    condition = alltrue([for r in aws_wafv2_web_acl.api.rule : alltrue([
      r.action[0].block[0].custom_response[0].response_code == 414,
      jsondecode([for b in aws_wafv2_web_acl.api.custom_response_body : b.content
      if b.key == r.action[0].block[0].custom_response[0].custom_response_body_key][0]).type == "/docs#problem-uri-too-long",
      strcontains([for b in aws_wafv2_web_acl.api.custom_response_body : b.content
      if b.key == r.action[0].block[0].custom_response[0].custom_response_body_key][0], "POST body"),
    ]) if length(r.statement[0].size_constraint_statement) > 0])
    error_message = "A URL over a limit gets the service's own answer: a 414 uri-too-long problem that says to use POST."
  }
  assert {
    condition     = length([for r in aws_wafv2_web_acl.api.rule : r if length(r.statement[0].size_constraint_statement) > 0]) == 2
    error_message = "The path and the query string are the URL sizes the WAF measures (a body is limited by its Content-Length: it sees only 8 KB of one)."
  }
  assert {
    condition = toset([for o in [for r in aws_wafv2_web_acl.api.rule : r if r.name == "aws-common"][0]
      .statement[0].managed_rule_group_statement[0].rule_action_override : o.name if length(o.action_to_use[0].count) == 1]) == toset([
    "NoUserAgent_HEADER", "SizeRestrictions_QUERYSTRING", "SizeRestrictions_URIPATH", "SizeRestrictions_BODY"])
    error_message = "The common rule set's size rules (2 KB query string, 1 KB path, 8 KB body) only count: the limits table decides."
  }
  assert {
    condition     = length(toset([for r in aws_wafv2_web_acl.api.rule : r.priority])) == length(aws_wafv2_web_acl.api.rule)
    error_message = "Every rule has its own priority."
  }
  assert {
    condition     = [for r in aws_wafv2_web_acl.api.rule : r.priority if r.name == "rate-limit-per-ip"][0] < min([for r in aws_wafv2_web_acl.api.rule : r.priority if r.name != "rate-limit-per-ip"]...)
    error_message = "The per-IP rate limit is evaluated first."
  }
}

run "bodies_within_the_limit_pass_and_larger_ones_are_413" {
  command = plan

  assert {
    condition     = local.api_limits.body_bytes == 1000000
    error_message = "The WAF's body limit is 1,000,000 bytes (Limits.BODY_BYTES), no fewer."
  }
  assert {
    condition = alltrue([for r in aws_wafv2_web_acl.api.rule : alltrue([
      r.statement[0].regex_match_statement[0].regex_string == local.waf_body_too_large_pattern,
      r.statement[0].regex_match_statement[0].field_to_match[0].single_header[0].name == "content-length",
      [for t in r.statement[0].regex_match_statement[0].text_transformation : t.type] == ["NONE"],
      r.action[0].block[0].custom_response[0].response_code == 413,
      jsondecode([for b in aws_wafv2_web_acl.api.custom_response_body : b.content
      if b.key == r.action[0].block[0].custom_response[0].custom_response_body_key][0]).type == "/docs#problem-too-large",
    ]) if r.name == "body-too-large"]) && length([for r in aws_wafv2_web_acl.api.rule : r if r.name == "body-too-large"]) == 1
    error_message = "One rule blocks a declared Content-Length over the limit with the service's own 413 too-large problem."
  }
  assert {
    condition = alltrue([for n in ["0", "1", "8192", "65536", "999999", "1000000", "0001000000"] :
    !can(regex(local.waf_body_too_large_pattern, n))])
    error_message = "Every body up to 1,000,000 bytes passes the WAF."
  }
  assert {
    condition = alltrue([for n in ["1000001", "1000010", "1000100", "1001000", "1010000", "1100000", "1999999", "2000000",
    "9999999", "10000000", "12345678901234", "01000001"] : can(regex(local.waf_body_too_large_pattern, n))])
    error_message = "Every body over 1,000,000 bytes is blocked."
  }
  assert {
    condition     = [for r in aws_wafv2_web_acl.api.rule : r.priority if r.name == "body-too-large"][0] < [for r in aws_wafv2_web_acl.api.rule : r.priority if r.name == "aws-common"][0]
    error_message = "The body limit is decided before the managed rules look at the body."
  }
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
