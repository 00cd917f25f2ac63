# The WAF against the limits table of docs/api.md ("Limits"): every URL the service serves passes (no managed rule
# blocks on size; only the explicit rules below do) and nothing larger does (the URL path over 1,024 bytes and the
# query string over 8,192 bytes, as sent, are blocked with the service's own 414 problem). Run offline from the module:
#   terraform init -backend=false -plugin-dir=DIR && terraform test
# WafLimitsTest (Java) holds the numbers here to io.isobar.query.http.Limits.

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
    error_message = "The path and the query string are the only sizes the WAF limits (bodies are the service's: it sees only 8 KB of one)."
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
