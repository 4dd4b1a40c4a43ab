terraform {
  required_providers {
    databricks = {
      version = ">= 1.60.0, < 2.0.0"
      source  = "databricks/databricks"
    }
  }
  backend "local" {
    path = "../../../config/.kinesis-xacct-state/organisation.yaml/terraform.deployment-account-lakehouse.tfstate"
  }

  required_version = ">= 1.10.0"
}

output "credential_role_arns" {
  value = {
    clickstream = "arn:aws:iam::222222222222:role/kinesis-xacct-lakehouse-clickstream"
  }
  description = "source -> ARN of the pair's role that the pair's service credential wraps"
}

provider "databricks" {
  host = "https://dbc-lakehouse.cloud.databricks.com"
}
resource "databricks_credential" "service-credential-clickstream_credential_D9DF5B16" {
  comment         = "kinesis-xacct: reads Kinesis in account 222222222222 through arn:aws:iam::222222222222:role/kinesis-xacct-lakehouse-clickstream"
  isolation_mode  = "ISOLATION_MODE_ISOLATED"
  name            = "kinesis-xacct-lakehouse-clickstream-222222222222"
  purpose         = "SERVICE"
  skip_validation = true
  aws_iam_role {
    role_arn = "arn:aws:iam::222222222222:role/kinesis-xacct-lakehouse-clickstream"
  }
  provider = databricks
}
resource "databricks_grants" "service-credential-clickstream_grants_6919433C" {
  credential = databricks_credential.service-credential-clickstream_credential_D9DF5B16.name
  grant {
    principal = "data-engineers"
    privileges = [
      "ACCESS"
    ]
  }
  provider = databricks
}

output "service_credential_names" {
  value = {
    clickstream = "${databricks_credential.service-credential-clickstream_credential_D9DF5B16.name}"
  }
  description = "source -> Unity Catalog service credential the notebook reads that source with"
}
data "databricks_node_type" "databricks-validation_node-type_064FF72C" {
  local_disk = true
  provider   = databricks
}
resource "databricks_cluster" "databricks-validation_cluster_FE3C7DBB" {
  autotermination_minutes = 20
  cluster_name            = "kinesis-xacct-validation"
  custom_tags = {
    ResourceClass = "SingleNode"
  }
  data_security_mode = "USER_ISOLATION"
  is_pinned          = true
  node_type_id       = data.databricks_node_type.databricks-validation_node-type_064FF72C.id
  num_workers        = 0
  spark_conf = {
    "spark.databricks.cluster.profile" = "singleNode"
    "spark.master"                     = "local[*]"
  }
  spark_version = "16.4.x-scala2.12"
  provider      = databricks
}
data "databricks_current_user" "databricks-validation_me_9A1F0E3D" {
  provider = databricks
}
resource "databricks_directory" "databricks-validation_folder_5607DDFD" {
  path     = "${data.databricks_current_user.databricks-validation_me_9A1F0E3D.home}/kinesis-xacct"
  provider = databricks
}
resource "databricks_notebook" "databricks-validation_notebook_A16BE26F" {
  content_base64 = "IyBEYXRhYnJpY2tzIG5vdGVib29rIHNvdXJjZQojIEdlbmVyYXRlZCBieSBraW5lc2lzLXhhY2N0LiBEbyBub3QgZWRpdDogY2hhbmdlIHRoZSBjb25maWcgYW5kIHN5bnRoZXNpemUgYWdhaW4uCiMgUmVhZCBlYWNoIEtpbmVzaXMgc3RyZWFtIHRoaXMgd29ya3NwYWNlIGlzIGdyYW50ZWQgdGhyb3VnaCB0aGUgVW5pdHkgQ2F0YWxvZyBzZXJ2aWNlIGNyZWRlbnRpYWwgb2YgaXRzCiMgYWNjb3VudCdzIHJvbGU7IERhdGFicmlja3MgUnVudGltZSAxNi4xIG9yIGFib3ZlLgojICAgY2xpY2tzdHJlYW0vc2Vzc2lvbnM6IGFjY291bnQgMjIyMjIyMjIyMjIyLCBjcmVkZW50aWFsIGtpbmVzaXMteGFjY3QtbGFrZWhvdXNlLWNsaWNrc3RyZWFtLTIyMjIyMjIyMjIyMiAocm9sZSBhcm46YXdzOmlhbTo6MjIyMjIyMjIyMjIyOnJvbGUva2luZXNpcy14YWNjdC1sYWtlaG91c2UtY2xpY2tzdHJlYW0pOwojICAgICBhY2Nlc3MgcmVhZCwgcmVhZHMgYnkgcG9sbGluZyAoR2V0UmVjb3JkcykuCiMgVGhlIHJlYWQgaXMgYm91bmRlZCB0d2ljZTogaXQgc3RhcnRzIDE1IG1pbnV0ZXMgYmVmb3JlIHRoZSBub3RlYm9vayBydW5zIChuZXZlciB0aGUgd2hvbGUKIyByZXRlbnRpb24pLCBhbmQgdHJpZ2dlcihhdmFpbGFibGVOb3c9VHJ1ZSkgc3RvcHMgYXQgd2hhdCBlYWNoIHN0cmVhbSBob2xkcwojIHdoZW4gdGhlIHF1ZXJ5IHN0YXJ0cy4gRmV0Y2hlcyBhcmUgY2FwcGVkIGF0IG1heEZldGNoUmF0ZSAwLjUgTUIvcyBwZXIgc2hhcmQgKGEgc2hhcmQgc2VydmVzIDIgTWlCL3MKIyB0byBhbGwgaXRzIHBvbGxpbmcgY29uc3VtZXJzIHRvZ2V0aGVyKS4gVGhlIHJlY29yZHMgcmVhZCBhcmUgY291bnRlZCBmcm9tIHRoZSBxdWVyeSdzIG93biBwcm9ncmVzcwojIChudW1JbnB1dFJvd3MpLCBuZXZlciBmcm9tIGEgUHl0aG9uIGZ1bmN0aW9uOiBvbiBzdGFuZGFyZCBhY2Nlc3MgbW9kZSAoU3BhcmsgQ29ubmVjdCkgc3VjaCBhIGZ1bmN0aW9uIHJ1bnMKIyBpbiBhIHNlcGFyYXRlIHByb2Nlc3MgYW5kIGNhbm5vdCByZXBvcnQgYmFjay4KCiMgQ09NTUFORCAtLS0tLS0tLS0tCgppbXBvcnQgZGF0ZXRpbWUKaW1wb3J0IGpzb24KaW1wb3J0IG9zCmltcG9ydCBzaHV0aWwKaW1wb3J0IHRlbXBmaWxlCmltcG9ydCB1dWlkCgojIE9uZSBlbnRyeSBwZXIgZ3JhbnRlZCBzdHJlYW06IGl0cyBsYWJlbCBpbiB0aGUgcmVzdWx0cywgdGhlIHN0cmVhbSwgYW5kIGhvdyB0aGlzIHdvcmtzcGFjZSByZWFjaGVzIGl0LgpSRUFEUyA9IFsKICAgIHsKICAgICAgICAibGFiZWwiOiAiY2xpY2tzdHJlYW0vc2Vzc2lvbnMiLAogICAgICAgICJzdHJlYW0iOiAic2Vzc2lvbnMiLAogICAgICAgICJyZWdpb24iOiAidXMtZWFzdC0xIiwKICAgICAgICAiYWNjZXNzIjogInJlYWQiLAogICAgICAgICJjb25zdW1lck5hbWUiOiBOb25lLAogICAgICAgICJzZXJ2aWNlQ3JlZGVudGlhbCI6ICJraW5lc2lzLXhhY2N0LWxha2Vob3VzZS1jbGlja3N0cmVhbS0yMjIyMjIyMjIyMjIiLAogICAgfSwKXQpXSU5ET1dfTUlOVVRFUyA9IDE1CiMgVGhlIHN0YXJ0IG9mIHRoZSB3aW5kb3csIGNvbXB1dGVkIG5vdzogdGhlIHNhbWUgZm9yIGV2ZXJ5IHN0cmVhbS4KV0lORE9XX1NUQVJUID0gZGF0ZXRpbWUuZGF0ZXRpbWUubm93KGRhdGV0aW1lLnRpbWV6b25lLnV0YykgLSBkYXRldGltZS50aW1lZGVsdGEobWludXRlcz1XSU5ET1dfTUlOVVRFUykKSU5JVElBTF9QT1NJVElPTiA9IGpzb24uZHVtcHMoCiAgICB7ImF0X3RpbWVzdGFtcCI6IFdJTkRPV19TVEFSVC5zdHJmdGltZSgiJVktJW0tJWRUJUg6JU06JVMrMDAwMCIpLCAiZm9ybWF0IjogInl5eXktTU0tZGQnVCdISDptbTpzc1oifQopCkZST00gPSBmInRoZSBsYXN0IHtXSU5ET1dfTUlOVVRFU30gbWludXRlcyAoc2luY2Uge1dJTkRPV19TVEFSVDolWS0lbS0lZCAlSDolTTolU30gVVRDKSIKIyBLZWVwIGV2ZXJ5IHByb2dyZXNzIHVwZGF0ZSBvZiBhIHF1ZXJ5IChTcGFyayBrZWVwcyAxMDAgYnkgZGVmYXVsdCk6IHRoZSBjb3VudCBzdW1zIGFsbCBvZiB0aGVtLgp0cnk6CiAgICBzcGFyay5jb25mLnNldCgic3Bhcmsuc3FsLnN0cmVhbWluZy5udW1SZWNlbnRQcm9ncmVzc1VwZGF0ZXMiLCAiMTAwMDAwIikKZXhjZXB0IEV4Y2VwdGlvbiBhcyBlcnI6ICAjIGEgd29ya3NwYWNlIG1heSByZWZ1c2UgdGhlIHNldHRpbmc6IGEgbG9uZyByZWFkJ3MgY291bnQgdGhlbiBzYXlzIGl0IGlzIGluY29tcGxldGUKICAgIHByaW50KGYibm90ZTogU3Bhcmsga2VlcHMgaXRzIGRlZmF1bHQgbnVtYmVyIG9mIHByb2dyZXNzIHVwZGF0ZXMgKHt0eXBlKGVycikuX19uYW1lX199KSIpCgoKZGVmIHJlYWRfc3RyZWFtKHJlYWQpOgogICAgcmVhZGVyID0gKAogICAgICAgIHNwYXJrLnJlYWRTdHJlYW0uZm9ybWF0KCJraW5lc2lzIikKICAgICAgICAub3B0aW9uKCJzdHJlYW1OYW1lIiwgcmVhZFsic3RyZWFtIl0pCiAgICAgICAgLm9wdGlvbigicmVnaW9uIiwgcmVhZFsicmVnaW9uIl0pCiAgICAgICAgIyBBdXRoZW50aWNhdGlvbjogdGhlIFVuaXR5IENhdGFsb2cgc2VydmljZSBjcmVkZW50aWFsIChEYXRhYnJpY2tzIGFzc3VtZXMgdGhlIHN0cmVhbSBhY2NvdW50J3Mgcm9sZSkuCiAgICAgICAgLm9wdGlvbigic2VydmljZUNyZWRlbnRpYWwiLCByZWFkWyJzZXJ2aWNlQ3JlZGVudGlhbCJdKQogICAgICAgIC5vcHRpb24oImluaXRpYWxQb3NpdGlvbiIsIElOSVRJQUxfUE9TSVRJT04pCiAgICAgICAgLm9wdGlvbigibWF4RmV0Y2hSYXRlIiwgIjAuNSIpCiAgICApCiAgICBpZiByZWFkWyJhY2Nlc3MiXSA9PSAicmVhZC1lZm8iOgogICAgICAgICMgRW5oYW5jZWQgZmFuLW91dDogb25lIG5hbWVkIGNvbnN1bWVyIG9mIHRoaXMgZGVwbG95bWVudCAoaXRzIHJvbGUgbWF5IGRlcmVnaXN0ZXIgbm8gb3RoZXIpLAogICAgICAgICMgZGVyZWdpc3RlcmVkIHdoZW4gdGhlIHF1ZXJ5IHN0b3BzIChhIHN0cmVhbSBoYXMgYXQgbW9zdCAyMCBjb25zdW1lcnM7IHdpdGhvdXQgdGhpcyBlYWNoIHJ1biB3b3VsZAogICAgICAgICMgbGVhdmUgb25lIGJlaGluZCkuCiAgICAgICAgcmVhZGVyID0gKAogICAgICAgICAgICByZWFkZXIub3B0aW9uKCJjb25zdW1lck1vZGUiLCAiZWZvIikKICAgICAgICAgICAgLm9wdGlvbigiY29uc3VtZXJOYW1lIiwgcmVhZFsiY29uc3VtZXJOYW1lIl0pCiAgICAgICAgICAgIC5vcHRpb24oInJlcXVpcmVDb25zdW1lckRlcmVnaXN0cmF0aW9uIiwgInRydWUiKQogICAgICAgICkKICAgIHJldHVybiByZWFkZXIubG9hZCgpCgoKZGVmIGNvdW50X3JlY29yZHMocmVhZCwgY2hlY2twb2ludCk6CiAgICAiIiJSZWFkIHRoZSBzdHJlYW0gZnJvbSBJTklUSUFMX1BPU0lUSU9OIHVwIHRvIHdoYXQgaXQgaG9sZHMgbm93IGludG8gYSBzaW5rIHRoYXQga2VlcHMgbm90aGluZywgYW5kIHJldHVybgogICAgdGhlIG51bWJlciBvZiByZWNvcmRzIHRoZSBxdWVyeSByZWFkICh0aGUgc3VtIG9mIG51bUlucHV0Um93cyBvdmVyIGl0cyBwcm9ncmVzcyB1cGRhdGVzLCBvbmUgcGVyIGJhdGNoKS4iIiIKICAgIHF1ZXJ5ID0gKAogICAgICAgIHJlYWRfc3RyZWFtKHJlYWQpCiAgICAgICAgLndyaXRlU3RyZWFtLmZvcm1hdCgibm9vcCIpCiAgICAgICAgLnF1ZXJ5TmFtZSgia2luZXNpcy14YWNjdC12YWxpZGF0ZS0iICsgcmVhZFsibGFiZWwiXS5yZXBsYWNlKCIvIiwgIi0iKSkKICAgICAgICAub3B0aW9uKCJjaGVja3BvaW50TG9jYXRpb24iLCBjaGVja3BvaW50KQogICAgICAgIC50cmlnZ2VyKGF2YWlsYWJsZU5vdz1UcnVlKQogICAgICAgIC5zdGFydCgpCiAgICApCiAgICBxdWVyeS5hd2FpdFRlcm1pbmF0aW9uKCkgICMgcmFpc2VzIGlmIHRoZSBxdWVyeSBmYWlsZWQgKGFzc3VtaW5nIHRoZSByb2xlLCBhIEtpbmVzaXMgY2FsbCkKICAgIGJhdGNoZXMgPSB7cFsiYmF0Y2hJZCJdOiBzdW0oc291cmNlWyJudW1JbnB1dFJvd3MiXSBmb3Igc291cmNlIGluIHBbInNvdXJjZXMiXSkgZm9yIHAgaW4gcXVlcnkucmVjZW50UHJvZ3Jlc3N9CiAgICBpZiBiYXRjaGVzIGFuZCBtaW4oYmF0Y2hlcykgPiAwOiAgIyBhIG5ldyBjaGVja3BvaW50IHN0YXJ0cyBhdCBiYXRjaCAwOiBlYXJsaWVyIHVwZGF0ZXMgd2VyZSBkcm9wcGVkCiAgICAgICAgcHJpbnQoZiJ7cmVhZFsnbGFiZWwnXX06IHRoZSBwcm9ncmVzcyBvZiB0aGUgZmlyc3Qge21pbihiYXRjaGVzKX0gYmF0Y2hlcyB3YXMgZHJvcHBlZDsgdGhlIGNvdW50IGlzIHRvbyBsb3ciKQogICAgcmV0dXJuIHN1bShiYXRjaGVzLnZhbHVlcygpKQoKCiMgQ09NTUFORCAtLS0tLS0tLS0tCgojIEVhY2ggcXVlcnkncyBjaGVja3BvaW50IChEYXRhYnJpY2tzOiAiWW91IG11c3Qgc3BlY2lmeSB0aGUgY2hlY2twb2ludExvY2F0aW9uIG9wdGlvbiBiZWZvcmUgeW91IHJ1biBhCiMgc3RyZWFtaW5nIHF1ZXJ5IikgZ29lcyB0byBhIGZvbGRlciBvZiB0aGlzIHJ1biBvbiB0aGUgZHJpdmVyJ3MgbG9jYWwgZGlzaywgd2hpY2ggU3BhcmsgY3JlYXRlczsgdGhlIGZvbGRlcgojIGlzIHJlbW92ZWQgd2hlbiB0aGUgcmVhZHMgZW5kIChhIGpvYiBjbHVzdGVyJ3MgZGlzayBnb2VzIGF3YXkgd2l0aCB0aGUgY2x1c3RlciBhbnl3YXkpLgpjaGVja3BvaW50cyA9IG9zLnBhdGguam9pbih0ZW1wZmlsZS5nZXR0ZW1wZGlyKCksIGYia2luZXNpcy14YWNjdC12YWxpZGF0ZS17dXVpZC51dWlkNCgpLmhleH0iKQpyZXN1bHRzID0gW10KdHJ5OgogICAgZm9yIGksIHJlYWQgaW4gZW51bWVyYXRlKFJFQURTKToKICAgICAgICByZXN1bHRzLmFwcGVuZCgocmVhZFsibGFiZWwiXSwgY291bnRfcmVjb3JkcyhyZWFkLCBmImZpbGU6e2NoZWNrcG9pbnRzfS97aX0iKSkpCmZpbmFsbHk6CiAgICBzaHV0aWwucm10cmVlKGNoZWNrcG9pbnRzLCBpZ25vcmVfZXJyb3JzPVRydWUpCiAgICBpZiBvcy5wYXRoLmV4aXN0cyhjaGVja3BvaW50cyk6CiAgICAgICAgcHJpbnQoZiJub3RlOiB0aGUgY2hlY2twb2ludCBmb2xkZXIge2NoZWNrcG9pbnRzfSBvbiB0aGUgZHJpdmVyIGNvdWxkIG5vdCBiZSByZW1vdmVkIGZyb20gUHl0aG9uIikKCkFDQ0VTUyA9IHtyZWFkWyJsYWJlbCJdOiByZWFkWyJhY2Nlc3MiXSBmb3IgcmVhZCBpbiBSRUFEU30KZW1wdHkgPSBbbGFiZWwgZm9yIGxhYmVsLCByZWNvcmRzIGluIHJlc3VsdHMgaWYgcmVjb3JkcyA9PSAwXQpmb3IgbGFiZWwsIHJlY29yZHMgaW4gcmVzdWx0czoKICAgIGlmIHJlY29yZHM6CiAgICAgICAgcHJpbnQoZiJ7bGFiZWx9OiB7cmVjb3Jkc30gcmVjb3JkcyByZWFkIGZyb20ge0ZST019ICh7QUNDRVNTW2xhYmVsXX0pOiBhY2Nlc3Mgd29ya3MgYW5kIGRhdGEgYXJyaXZlZC4iKQogICAgZWxzZToKICAgICAgICBwcmludCgKICAgICAgICAgICAgZiJ7bGFiZWx9OiBOTyBSRUNPUkRTIGluIHtGUk9NfS4gQWNjZXNzIHdvcmtzIChldmVyeSBLaW5lc2lzIGNhbGwgc3VjY2VlZGVkKSwgYnV0IG5vIGRhdGEgd2FzIHNlZW46ICIKICAgICAgICAgICAgZiJ3cml0ZSBhIHJlY29yZCB0byB0aGUgc3RyZWFtIGFuZCBydW4gYWdhaW4sIG9yIHdpZGVuIHRoZSB3aW5kb3csIHRvIHNlZSBkYXRhIGFycml2ZS4iCiAgICAgICAgKQpkaXNwbGF5KAogICAgc3BhcmsuY3JlYXRlRGF0YUZyYW1lKAogICAgICAgIFsobGFiZWwsIHJlY29yZHMsICJyZWNvcmRzIHJlYWQiIGlmIHJlY29yZHMgZWxzZSAiTk8gUkVDT1JEUyBpbiB0aGUgd2luZG93IikgZm9yIGxhYmVsLCByZWNvcmRzIGluIHJlc3VsdHNdLAogICAgICAgICJzdHJlYW0gc3RyaW5nLCByZWNvcmRzIGxvbmcsIHJlc3VsdCBzdHJpbmciLAogICAgKQopCmRidXRpbHMubm90ZWJvb2suZXhpdChqc29uLmR1bXBzKHsiYWNjZXNzIjogQUNDRVNTLCAiZnJvbSI6IEZST00sICJyZWNvcmRzIjogZGljdChyZXN1bHRzKSwgIm5vX3JlY29yZHMiOiBlbXB0eX0pKQo="
  language       = "PYTHON"
  path           = "${databricks_directory.databricks-validation_folder_5607DDFD.path}/validate_kinesis"
  provider       = databricks
}
resource "databricks_permissions" "databricks-validation_folder-permissions_4DF40799" {
  directory_path = databricks_directory.databricks-validation_folder_5607DDFD.path
  access_control {
    group_name       = "data-engineers"
    permission_level = "CAN_RUN"
  }
  provider = databricks
}
resource "databricks_job" "databricks-validation_job_99359EA7" {
  max_concurrent_runs = 1
  name                = "kinesis-xacct-validation-job"
  timeout_seconds     = 3600
  job_cluster {
    job_cluster_key = "validation"
    new_cluster {
      custom_tags = {
        ResourceClass = "SingleNode"
      }
      data_security_mode = "USER_ISOLATION"
      node_type_id       = data.databricks_node_type.databricks-validation_node-type_064FF72C.id
      num_workers        = 0
      spark_conf = {
        "spark.databricks.cluster.profile" = "singleNode"
        "spark.master"                     = "local[*]"
      }
      spark_version = "16.4.x-scala2.12"
    }
  }
  task {
    job_cluster_key = "validation"
    task_key        = "validate"
    notebook_task {
      notebook_path = databricks_notebook.databricks-validation_notebook_A16BE26F.path
    }
  }
  provider = databricks
}
resource "databricks_permissions" "databricks-validation_job-permissions_6B25C2BA" {
  job_id = databricks_job.databricks-validation_job_99359EA7.id
  access_control {
    group_name       = "data-engineers"
    permission_level = "CAN_MANAGE_RUN"
  }
  provider = databricks
}

output "cluster_id" {
  value       = databricks_cluster.databricks-validation_cluster_FE3C7DBB.cluster_id
  description = "ID of the standard access mode Databricks cluster for the validation"
}

output "notebook_path" {
  value       = databricks_notebook.databricks-validation_notebook_A16BE26F.path
  description = "Workspace path of the notebook that validates the Kinesis read"
}

output "job_id" {
  value       = databricks_job.databricks-validation_job_99359EA7.id
  description = "ID of the job that runs the validation notebook (databricks jobs run-now <job_id>)"
}

output "cross-stack-output-databricks_credentialservice-credential-clickstream_credential_D9DF5B16aws_iam_role0external_id" {
  value     = databricks_credential.service-credential-clickstream_credential_D9DF5B16.aws_iam_role[0].external_id
  sensitive = true
}