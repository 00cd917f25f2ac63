# The query service: a container on ECS Fargate (no servers to patch, tasks spread over availability zones,
# rolling deployments behind the load balancer), reached over HTTPS through an application load balancer
# guarded by WAF. The image comes from ECR; query-service/Dockerfile builds it.

resource "aws_ecr_repository" "query_service" {
  name                 = "${local.prefix}/${local.query_service_name}"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "AES256"
  }
}

resource "aws_ecr_lifecycle_policy" "query_service" {
  repository = aws_ecr_repository.query_service.name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "Keep the 20 most recent images"
      selection = {
        tagStatus   = "any"
        countType   = "imageCountMoreThan"
        countNumber = 20
      }
      action = { type = "expire" }
    }]
  })
}

resource "aws_ecs_cluster" "main" {
  name = local.prefix

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_cloudwatch_log_group" "query_service" {
  name              = "${local.log_group_prefix}/${local.query_service_name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.data.arn
}

resource "aws_ecs_task_definition" "query_service" {
  family                   = "${local.prefix}-${local.query_service_name}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.query_service_cpu
  memory                   = var.query_service_memory
  execution_role_arn       = aws_iam_role.query_service_execution.arn
  task_role_arn            = aws_iam_role.query_service.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  # The root file system is read-only; the JVM and Jetty get a scratch /tmp.
  volume {
    name = "tmp"
  }

  container_definitions = jsonencode([{
    name                   = local.query_service_name
    image                  = "${aws_ecr_repository.query_service.repository_url}:${var.query_service_image_tag}"
    essential              = true
    readonlyRootFilesystem = true
    portMappings = [{
      containerPort = local.query_service_port
      protocol      = "tcp"
    }]
    # The variables QueryServiceConfig.fromEnv reads. No ISOBAR_API_KEY: keys are created with `isobar keys`,
    # and the service never writes.
    environment = [
      { name = "ISOBAR_AWS_REGION", value = var.region },
      { name = "ISOBAR_TABLE_PREFIX", value = local.prefix },
      { name = "ISOBAR_HOST", value = "0.0.0.0" },
      { name = "PORT", value = tostring(local.query_service_port) },
      # The load balancer's nodes: their X-Forwarded-For names the client (its failed-key budget).
      { name = "ISOBAR_TRUSTED_PROXIES", value = join(",", local.api_trusted_proxy_cidrs) },
    ]
    mountPoints = [{
      sourceVolume  = "tmp"
      containerPath = "/tmp"
      readOnly      = false
    }]
    linuxParameters = { initProcessEnabled = true }
    stopTimeout     = 30
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.query_service.name
        awslogs-region        = var.region
        awslogs-stream-prefix = local.query_service_name
      }
    }
  }])
}

resource "aws_ecs_service" "query_service" {
  name                              = local.query_service_name
  cluster                           = aws_ecs_cluster.main.id
  task_definition                   = aws_ecs_task_definition.query_service.arn
  desired_count                     = var.query_service_min_tasks
  launch_type                       = "FARGATE"
  platform_version                  = "LATEST"
  propagate_tags                    = "SERVICE"
  enable_execute_command            = false
  health_check_grace_period_seconds = 60
  # Rolling deployments never go below the running count: no downtime.
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [aws_security_group.query_service.id]
    assign_public_ip = var.assign_public_ip
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.query_service.arn
    container_name   = local.query_service_name
    container_port   = local.query_service_port
  }

  lifecycle {
    # Autoscaling owns the count once the service exists.
    ignore_changes = [desired_count]
  }

  depends_on = [aws_lb_listener.https]
}

resource "aws_appautoscaling_target" "query_service" {
  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.main.name}/${aws_ecs_service.query_service.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.query_service_min_tasks
  max_capacity       = var.query_service_max_tasks
}

resource "aws_appautoscaling_policy" "query_service_cpu" {
  name               = "${local.prefix}-query-service-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.query_service.service_namespace
  resource_id        = aws_appautoscaling_target.query_service.resource_id
  scalable_dimension = aws_appautoscaling_target.query_service.scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = 60
    scale_in_cooldown  = 300
    scale_out_cooldown = 60
    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

# ---------------------------------------------------------------------------------------------- network

data "aws_vpc" "main" {
  id = var.vpc_id
}

locals {
  # Where the load balancer's nodes connect from: the VPC (every CIDR block of it), unless set.
  api_trusted_proxy_cidrs = var.api_trusted_proxy_cidrs != null ? var.api_trusted_proxy_cidrs : [
    for a in data.aws_vpc.main.cidr_block_associations : a.cidr_block
  ]
}

resource "aws_security_group" "alb" {
  name        = "${local.prefix}-api-alb"
  description = "Isobar API load balancer: HTTPS in, the query service out"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "alb_https" {
  for_each          = toset(var.api_allowed_cidrs)
  security_group_id = aws_security_group.alb.id
  description       = "HTTPS from allowed clients"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = each.value
}

# Port 80 only answers with a redirect to HTTPS.
resource "aws_vpc_security_group_ingress_rule" "alb_http" {
  for_each          = toset(var.api_allowed_cidrs)
  security_group_id = aws_security_group.alb.id
  description       = "HTTP from allowed clients, redirected to HTTPS"
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
  cidr_ipv4         = each.value
}

resource "aws_vpc_security_group_egress_rule" "alb_to_tasks" {
  security_group_id            = aws_security_group.alb.id
  description                  = "To the query service tasks"
  ip_protocol                  = "tcp"
  from_port                    = local.query_service_port
  to_port                      = local.query_service_port
  referenced_security_group_id = aws_security_group.query_service.id
}

resource "aws_security_group" "query_service" {
  name        = "${local.prefix}-query-service"
  description = "Isobar query service tasks: from the load balancer only; HTTPS out to AWS APIs"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "tasks_from_alb" {
  security_group_id            = aws_security_group.query_service.id
  description                  = "From the load balancer"
  ip_protocol                  = "tcp"
  from_port                    = local.query_service_port
  to_port                      = local.query_service_port
  referenced_security_group_id = aws_security_group.alb.id
}

resource "aws_vpc_security_group_egress_rule" "tasks_https" {
  security_group_id = aws_security_group.query_service.id
  description       = "HTTPS to DynamoDB, S3, ECR and CloudWatch Logs"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

# ------------------------------------------------------------------------------------------ load balancer

resource "aws_lb" "api" {
  name                       = "${local.prefix}-api"
  load_balancer_type         = "application"
  internal                   = var.api_internal
  subnets                    = var.public_subnet_ids
  security_groups            = [aws_security_group.alb.id]
  drop_invalid_header_fields = true
  enable_deletion_protection = var.deletion_protection
  # The client's address is appended to X-Forwarded-For: the service takes the right-most entry, and only from the
  # load balancer's nodes (ISOBAR_TRUSTED_PROXIES), as the client's (docs/api.md, Authentication).
  xff_header_processing_mode = "append"

  access_logs {
    bucket  = aws_s3_bucket.logs.id
    prefix  = "alb"
    enabled = true
  }

  depends_on = [aws_s3_bucket_policy.logs]
}

resource "aws_lb_target_group" "query_service" {
  name                 = "${local.prefix}-api"
  target_type          = "ip"
  protocol             = "HTTP"
  port                 = local.query_service_port
  vpc_id               = var.vpc_id
  deregistration_delay = 30

  health_check {
    path                = "/health"
    matcher             = "200"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.api.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.query_service.arn
  }
}

# GET /metrics (Prometheus) needs no key inside the VPC; from the internet it is not found.
resource "aws_lb_listener_rule" "hide_metrics" {
  listener_arn = aws_lb_listener.https.arn
  priority     = 10

  condition {
    path_pattern {
      values = ["/metrics", "/metrics/*"]
    }
  }

  action {
    type = "fixed-response"
    fixed_response {
      content_type = "application/json" # the load balancer allows no other JSON type
      message_body = jsonencode({ type = "about:blank", title = "Not Found", status = 404 })
      status_code  = "404"
    }
  }
}

resource "aws_lb_listener" "http_redirect" {
  load_balancer_arn = aws_lb.api.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"
    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}

resource "aws_route53_record" "api" {
  count   = var.api_domain_name != null && var.route53_zone_id != null ? 1 : 0
  zone_id = var.route53_zone_id
  name    = var.api_domain_name
  type    = "A"

  alias {
    name                   = aws_lb.api.dns_name
    zone_id                = aws_lb.api.zone_id
    evaluate_target_health = true
  }
}

# -------------------------------------------------------------------------------------------------- WAF

# The request size limits of docs/api.md ("Limits"), as io.isobar.query.http.Limits has them (WafLimitsTest and
# tests/waf.tftest.hcl hold them together): every URL the service serves passes, and the WAF blocks what the service
# would refuse, with the same 414 problem. The AWS common rule set's own size rules are counted, not enforced: its
# 2 KB query string would refuse an EDR query of some 70 points, and its 8 KB body rule a POST of 1,000 points. The WAF
# sees only the first 8 KB of a body on a load balancer, so it limits a POST body by its declared Content-Length (a
# decimal number over body_bytes, matched by a pattern), with the service's 413; a body sent without a length (chunked)
# is the service's to limit, at the same size.
locals {
  api_limits = {
    uri_path_bytes     = 1024
    query_string_bytes = 8192
    body_bytes         = 1000000
  }
  # Content-Length values over 1,000,000 (api_limits.body_bytes): 8 or more digits, or 7 digits above 1000000; leading
  # zeros allowed. Plain groups only (the WAF's regular expressions have no look-around).
  waf_body_too_large_pattern = "^0*([1-9][0-9]{7,}|[2-9][0-9]{6}|1([1-9][0-9]{5}|0[1-9][0-9]{4}|00[1-9][0-9]{3}|000[1-9][0-9]{2}|0000[1-9][0-9]|00000[1-9]))$"
  waf_size_rules = {
    uri-path-too-long     = { priority = 1, size = local.api_limits.uri_path_bytes, field = "uri_path", what = "URL path" }
    query-string-too-long = { priority = 2, size = local.api_limits.query_string_bytes, field = "query_string", what = "query string" }
  }
  # Managed rules that would contradict the limits: counted (visible in the WAF's metrics), never blocking.
  waf_common_rules_counted = ["NoUserAgent_HEADER", "SizeRestrictions_QUERYSTRING", "SizeRestrictions_URIPATH", "SizeRestrictions_BODY"]
}

resource "aws_wafv2_web_acl" "api" {
  name        = "${local.prefix}-api"
  description = "Isobar API: per-IP rate limit, the API's URL limits and AWS managed protections"
  scope       = "REGIONAL"

  default_action {
    allow {}
  }

  # The same answer as the service's for a URL over a limit (a problem whose detail says to use POST).
  dynamic "custom_response_body" {
    for_each = local.waf_size_rules
    content {
      key          = custom_response_body.key
      content_type = "APPLICATION_JSON"
      content = jsonencode({
        type   = "/docs#problem-uri-too-long"
        title  = "URI too long"
        status = 414
        detail = "The ${custom_response_body.value.what} is longer than ${custom_response_body.value.size} bytes. Send a large query in a POST body instead: EDR data queries take the same parameters as JSON or a form"
      })
    }
  }

  rule {
    name     = "rate-limit-per-ip"
    priority = 0
    action {
      block {}
    }
    statement {
      rate_based_statement {
        limit              = var.waf_rate_limit
        aggregate_key_type = "IP"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${local.prefix}-rate-limit-per-ip"
      sampled_requests_enabled   = true
    }
  }

  dynamic "rule" {
    for_each = local.waf_size_rules
    content {
      name     = rule.key
      priority = rule.value.priority
      action {
        block {
          custom_response {
            response_code            = 414
            custom_response_body_key = rule.key
          }
        }
      }
      statement {
        size_constraint_statement {
          comparison_operator = "GT"
          size                = rule.value.size
          field_to_match {
            dynamic "uri_path" {
              for_each = rule.value.field == "uri_path" ? [1] : []
              content {}
            }
            dynamic "query_string" {
              for_each = rule.value.field == "query_string" ? [1] : []
              content {}
            }
          }
          # Sizes as sent, percent-encoded, as the service counts them.
          text_transformation {
            priority = 0
            type     = "NONE"
          }
        }
      }
      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = "${local.prefix}-${rule.key}"
        sampled_requests_enabled   = true
      }
    }
  }

  # The same answer as the service's for a body over its limit.
  custom_response_body {
    key          = "body-too-large"
    content_type = "APPLICATION_JSON"
    content = jsonencode({
      type   = "/docs#problem-too-large"
      title  = "Request too large"
      status = 413
      detail = "The request body is longer than ${local.api_limits.body_bytes} bytes; the limit is ${local.api_limits.body_bytes} bytes"
    })
  }

  rule {
    name     = "body-too-large"
    priority = 3
    action {
      block {
        custom_response {
          response_code            = 413
          custom_response_body_key = "body-too-large"
        }
      }
    }
    statement {
      regex_match_statement {
        regex_string = local.waf_body_too_large_pattern
        field_to_match {
          single_header {
            name = "content-length"
          }
        }
        text_transformation {
          priority = 0
          type     = "NONE"
        }
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${local.prefix}-body-too-large"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "aws-common"
    priority = 4
    override_action {
      none {}
    }
    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesCommonRuleSet"
        vendor_name = "AWS"
        # API clients (scripts, notebooks) do not always send a User-Agent; the size rules are the ones above.
        dynamic "rule_action_override" {
          for_each = local.waf_common_rules_counted
          content {
            name = rule_action_override.value
            action_to_use {
              count {}
            }
          }
        }
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${local.prefix}-aws-common"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "aws-known-bad-inputs"
    priority = 5
    override_action {
      none {}
    }
    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesKnownBadInputsRuleSet"
        vendor_name = "AWS"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${local.prefix}-aws-known-bad-inputs"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "${local.prefix}-api"
    sampled_requests_enabled   = true
  }
}

resource "aws_wafv2_web_acl_association" "api" {
  resource_arn = aws_lb.api.arn
  web_acl_arn  = aws_wafv2_web_acl.api.arn
}

# ------------------------------------------------------------------------------------------------ roles

data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    sid     = "EcsTasksOfThisAccount"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:ecs:${var.region}:${local.account_id}:*"]
    }
  }
}

# What the service itself may do: read the index and the archive. Nothing that writes.
resource "aws_iam_role" "query_service" {
  name               = "${local.prefix}-query-service"
  description        = "Isobar query service tasks (read-only)"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

resource "aws_iam_role_policy" "query_service" {
  name   = "read-index-and-archive"
  role   = aws_iam_role.query_service.id
  policy = data.aws_iam_policy_document.query_service.json
}

data "aws_iam_policy_document" "query_service" {
  statement {
    sid     = "QueryIndex"
    effect  = "Allow"
    actions = ["dynamodb:Query"]
    resources = [
      aws_dynamodb_table.files.arn,
      "${aws_dynamodb_table.files.arn}/index/by-run",
      aws_dynamodb_table.valid_times.arn,
      aws_dynamodb_table.ingest_errors.arn,
    ]
  }

  # The EDR instances: the summaries of a page of runs, read together. (No Scan: nothing the service reads grows
  # with the index.)
  statement {
    sid       = "ReadRunSummaries"
    effect    = "Allow"
    actions   = ["dynamodb:BatchGetItem"]
    resources = [aws_dynamodb_table.valid_times.arn]
  }

  # One GetItem per key verified; a Scan of the (small) table lists the unrevoked keys while some client is over its
  # failed-key budget, at most once per 2 s (docs/api.md, Authentication).
  statement {
    sid       = "VerifyApiKeys"
    effect    = "Allow"
    actions   = ["dynamodb:GetItem", "dynamodb:Scan"]
    resources = [aws_dynamodb_table.api_keys.arn]
  }

  # GET /health asks DynamoDB about the files table.
  statement {
    sid       = "Health"
    effect    = "Allow"
    actions   = ["dynamodb:DescribeTable"]
    resources = [aws_dynamodb_table.files.arn]
  }

  # GET /v1/events: every instance reads the files table's stream (new files and runs, pushed to clients); its ARN
  # comes from DescribeTable (Health).
  statement {
    sid       = "ReadFilesStream"
    effect    = "Allow"
    actions   = ["dynamodb:DescribeStream", "dynamodb:GetShardIterator", "dynamodb:GetRecords"]
    resources = ["${aws_dynamodb_table.files.arn}/stream/*"]
  }

  # Point values are read from the archived files with ranged GETs.
  statement {
    sid       = "ReadArchive"
    effect    = "Allow"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.archive.arn}/*"]
  }

  statement {
    sid       = "DecryptArchive"
    effect    = "Allow"
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.data.arn]
  }
}

# What ECS needs to start the task: pull the image, ship the logs.
resource "aws_iam_role" "query_service_execution" {
  name               = "${local.prefix}-query-service-execution"
  description        = "ECS agent for the Isobar query service: image pull and logs"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

resource "aws_iam_role_policy" "query_service_execution" {
  name   = "pull-image-and-log"
  role   = aws_iam_role.query_service_execution.id
  policy = data.aws_iam_policy_document.query_service_execution.json
}

data "aws_iam_policy_document" "query_service_execution" {
  # GetAuthorizationToken has no resource-level permissions: AWS requires "*".
  statement {
    sid       = "EcrLogin"
    effect    = "Allow"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid       = "PullImage"
    effect    = "Allow"
    actions   = ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"]
    resources = [aws_ecr_repository.query_service.arn]
  }

  statement {
    sid       = "WriteLogs"
    effect    = "Allow"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.query_service.arn}:log-stream:*"]
  }
}

# ------------------------------------------------------------------------------------- operator access

# For the people who run `isobar keys create|list|revoke` (attach it to their role or group): the one write
# path to the api-keys table, kept off the service.
resource "aws_iam_policy" "api_key_admin" {
  name        = "${local.prefix}-api-key-admin"
  description = "Create, list and revoke Isobar API keys"
  policy      = data.aws_iam_policy_document.api_key_admin.json
}

data "aws_iam_policy_document" "api_key_admin" {
  statement {
    sid       = "ManageApiKeys"
    effect    = "Allow"
    actions   = ["dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:Scan", "dynamodb:UpdateItem"]
    resources = [aws_dynamodb_table.api_keys.arn]
  }
}
