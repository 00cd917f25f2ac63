terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
  }

  # Remote, encrypted, locked state: supply bucket, key, region and dynamodb_table (or use_lockfile) with
  # `terraform init -backend-config=backend.hcl` (docs/deploy.md). `terraform init -backend=false` is enough
  # for `terraform validate`.
  backend "s3" {}
}

provider "aws" {
  region = var.region

  default_tags {
    tags = local.tags
  }
}

# The Met Office topics live in their own region; a subscription must be created where its topic is.
provider "aws" {
  alias  = "met_office"
  region = var.met_office_region

  default_tags {
    tags = local.tags
  }
}
