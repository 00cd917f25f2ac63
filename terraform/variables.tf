variable "region" {
  description = "AWS region for everything Isobar runs (queue, buckets, tables, Flink, the API). The Met Office feeds are in eu-west-2."
  type        = string
  default     = "eu-west-2"
}

variable "met_office_region" {
  description = "Region of the Met Office SNS topics (the subscriptions are created there)."
  type        = string
  default     = "eu-west-2"
}

variable "project" {
  description = "Name prefix of every resource; with the environment it forms the table prefix, e.g. isobar-prod-files."
  type        = string
  default     = "isobar"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,15}$", var.project))
    error_message = "The project must be 2-16 characters of lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "environment" {
  description = "Environment name, e.g. prod or staging; part of every resource name."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,9}$", var.environment))
    error_message = "The environment must be 2-10 lower-case letters and digits, starting with a letter."
  }
}

variable "tags" {
  description = "Extra tags for every resource."
  type        = map(string)
  default     = {}
}

variable "met_office_sources" {
  description = <<-EOT
    The Met Office feeds to subscribe to, by name: the SNS topic, the bucket its objects are in (the job reads
    headers from it and copies objects out of it), and whether the topic sets the "model" and "name" message
    attributes (the older aws-earth-* feeds do; the newer object_created topics send bare S3 events, which a
    filter policy on attributes would drop).
  EOT
  type = map(object({
    topic_arn          = string
    bucket             = string
    message_attributes = bool
  }))
  default = {
    ukv = {
      topic_arn          = "arn:aws:sns:eu-west-2:021908831235:aws-earth-mo-atmospheric-ukv-prd"
      bucket             = "aws-earth-mo-atmospheric-ukv-prd"
      message_attributes = true
    }
    mogreps-uk = {
      topic_arn          = "arn:aws:sns:eu-west-2:021908831235:aws-earth-mo-atmospheric-mogreps-uk-prd"
      bucket             = "aws-earth-mo-atmospheric-mogreps-uk-prd"
      message_attributes = true
    }
  }

  validation {
    condition     = alltrue([for s in values(var.met_office_sources) : can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+$", s.topic_arn))])
    error_message = "Every topic_arn must be an SNS topic ARN."
  }
}

variable "models" {
  description = "Allow-list of models to ingest (canonical names); empty means every model. Feeds the SNS filter policy and the job's filter.models."
  type        = list(string)
  default     = ["ukv", "mogreps-uk"]

  validation {
    condition = alltrue([for m in var.models : contains(["ukv", "mogreps-uk", "global", "mogreps-g", "bpf-uk-percentiles",
      "bpf-uk-probabilities", "bpf-uk-spot-percentiles", "bpf-uk-spot-probabilities", "bpf-global-percentiles",
    "bpf-global-probabilities", "bpf-global-spot-percentiles", "bpf-global-spot-probabilities"], m)])
    error_message = "Models must be canonical names: ukv, mogreps-uk, global, mogreps-g, bpf-uk-percentiles, bpf-uk-probabilities, bpf-uk-spot-percentiles, bpf-uk-spot-probabilities, bpf-global-percentiles, bpf-global-probabilities, bpf-global-spot-percentiles, bpf-global-spot-probabilities (docs/met-office-feed.md)."
  }
}

variable "variables" {
  description = "Allow-list of CF variable names to ingest (e.g. air_temperature); empty means every variable. Feeds the SNS filter policy and the job's filter.variables."
  type        = list(string)
  default     = []
}

variable "job_jar_path" {
  description = "The Managed Flink job jar, built with `mvn -pl job -am package`; uploaded to the artifacts bucket."
  type        = string
  default     = "../job/target/isobar-job-managed-flink.jar"
}

variable "start_flink_application" {
  description = "Whether the Flink application runs. Setting it to false stops the job (after a snapshot)."
  type        = bool
  default     = true
}

variable "flink_parallelism" {
  description = "Initial parallelism of the ingest job (autoscaling may raise it); overrides managed-flink.json when set."
  type        = number
  default     = null
}

variable "query_service_image_tag" {
  description = "Tag of the query service image in the ECR repository (tags are immutable: use the git commit)."
  type        = string
}

variable "query_service_cpu" {
  description = "Fargate CPU units per query service task (1024 = 1 vCPU)."
  type        = number
  default     = 512
}

variable "query_service_memory" {
  description = "Fargate memory per query service task, MiB."
  type        = number
  default     = 1024
}

variable "query_service_min_tasks" {
  description = "Fewest query service tasks; two or more spread over availability zones so one can fail or deploy without downtime."
  type        = number
  default     = 2

  validation {
    condition     = var.query_service_min_tasks >= 1
    error_message = "At least one query service task must run."
  }
}

variable "query_service_max_tasks" {
  description = "Most query service tasks autoscaling may run."
  type        = number
  default     = 6
}

variable "vpc_id" {
  description = "VPC for the load balancer and the query service tasks."
  type        = string
}

variable "public_subnet_ids" {
  description = "Subnets (two or more availability zones) for the load balancer."
  type        = list(string)

  validation {
    condition     = length(var.public_subnet_ids) >= 2
    error_message = "An application load balancer needs subnets in at least two availability zones."
  }
}

variable "private_subnet_ids" {
  description = "Subnets for the query service tasks; they need a route to ECR, CloudWatch Logs, DynamoDB and S3 (NAT or VPC endpoints)."
  type        = list(string)
}

variable "assign_public_ip" {
  description = "Give tasks public IPs (only for subnets without NAT or endpoints)."
  type        = bool
  default     = false
}

variable "api_internal" {
  description = "Make the API load balancer internal (reachable only inside the VPC)."
  type        = bool
  default     = false
}

variable "api_allowed_cidrs" {
  description = "IPv4 ranges allowed to reach the API load balancer."
  type        = list(string)
  default     = ["0.0.0.0/0"]
}

variable "certificate_arn" {
  description = "ACM certificate (in var.region) for the API's HTTPS listener."
  type        = string
}

variable "api_domain_name" {
  description = "DNS name of the API (matching the certificate); null to use the load balancer's own name."
  type        = string
  default     = null
}

variable "route53_zone_id" {
  description = "Route 53 hosted zone in which to create api_domain_name; null to manage DNS elsewhere."
  type        = string
  default     = null
}

variable "api_trusted_proxy_cidrs" {
  description = "CIDRs the load balancer's nodes connect to the query service from: a request from one of them is taken to come from the right-most X-Forwarded-For entry, the one the load balancer appended (docs/api.md, Authentication). null: the VPC's CIDR blocks."
  type        = list(string)
  default     = null

  validation {
    condition     = var.api_trusted_proxy_cidrs == null ? true : alltrue([for c in var.api_trusted_proxy_cidrs : can(cidrhost(c, 0))])
    error_message = "Every trusted proxy must be a CIDR block, e.g. 10.0.0.0/16."
  }
}

variable "waf_rate_limit" {
  description = "Requests per client IP in any 5-minute window before WAF blocks it (the service also limits per API key)."
  type        = number
  default     = 3000
}

variable "archive_ia_days" {
  description = "Days after which archived files move to S3 Standard-IA."
  type        = number
  default     = 30
}

variable "archive_glacier_ir_days" {
  description = "Days after which archived files move to S3 Glacier Instant Retrieval (still read in milliseconds)."
  type        = number
  default     = 90
}

variable "archive_retention_days" {
  description = "Days after which archived files are deleted."
  type        = number
  default     = 365
}

variable "log_retention_days" {
  description = "Days to keep CloudWatch logs (Flink, query service) and access logs."
  type        = number
  default     = 90
}

variable "max_receive_count" {
  description = "Receives of a message before SQS moves it to the dead-letter queue. Every restart of the job hands back the messages it held and their next receive counts, so this must exceed the restarts an outage or a few crashes cause; files that are bad become error records and never get here (docs/operations.md)."
  type        = number
  default     = 20

  validation {
    condition     = var.max_receive_count >= 10 && var.max_receive_count <= 1000
    error_message = "max_receive_count must be 10 to 1000: below 10 a few job restarts park healthy files in the dead-letter queue (docs/operations.md)."
  }
}

variable "deletion_protection" {
  description = "Protect tables and the load balancer from deletion."
  type        = bool
  default     = true
}

variable "alarm_email" {
  description = "Address subscribed to the alarm topic; null for none."
  type        = string
  default     = null
}

variable "oldest_message_alarm_seconds" {
  description = "Alarm when the oldest message in the ingest queue is older than this (the job is not keeping up)."
  type        = number
  default     = 900
}

variable "api_5xx_alarm_threshold" {
  description = "Alarm when the API answers more 5xx than this in 5 minutes."
  type        = number
  default     = 10
}

variable "ingest_error_alarm_threshold" {
  description = "Alarm when more error records than this are written in 15 minutes."
  type        = number
  default     = 50
}

variable "api_key_rejection_alarm_threshold" {
  description = "Alarm when the API refuses more requests than this in 5 minutes for their API key (missing, unknown or revoked, or from a client over its failed-key budget): someone is guessing keys, or a client lost its key."
  type        = number
  default     = 600
}
