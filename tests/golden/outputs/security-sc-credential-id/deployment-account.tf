terraform {
  required_providers {
    databricks = {
      version = ">= 1.60.0, < 2.0.0"
      source  = "databricks/databricks"
    }
  }
  backend "local" {
    path = "../../../tests/golden/outputs/security-sc-credential-id/.kinesis-xacct-state/config.yaml/terraform.deployment-account.tfstate"
  }

  required_version = ">= 1.10.0"
}

output "credential_role_arn" {
  value       = "arn:aws:iam::222222222222:role/KinesisCrossAccountRole"
  description = "ARN of account B's role that the service credential wraps"
}

provider "databricks" {
}
resource "databricks_credential" "service-credential_938ECB8B" {
  comment         = "kinesis-xacct: reads Kinesis in account 222222222222 through arn:aws:iam::222222222222:role/KinesisCrossAccountRole"
  isolation_mode  = "ISOLATION_MODE_ISOLATED"
  name            = "kinesis-xacct-kinesiscrossaccountrole-222222222222"
  purpose         = "SERVICE"
  skip_validation = true
  aws_iam_role {
    role_arn = "arn:aws:iam::222222222222:role/KinesisCrossAccountRole"
  }
  provider = databricks
}
resource "databricks_grants" "service-credential_grants_9018C7E2" {
  credential = databricks_credential.service-credential_938ECB8B.name
  grant {
    principal = "analysts"
    privileges = [
      "ACCESS"
    ]
  }
  provider = databricks
}

output "service_credential_name" {
  value       = databricks_credential.service-credential_938ECB8B.name
  description = "Unity Catalog service credential the notebook reads with"
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
  content_base64 = "IyBEYXRhYnJpY2tzIG5vdGVib29rIHNvdXJjZQojIEdlbmVyYXRlZCBieSBraW5lc2lzLXhhY2N0LiBEbyBub3QgZWRpdDogY2hhbmdlIHRoZSBjb25maWcgYW5kIHN5bnRoZXNpemUgYWdhaW4uCiMgUmVhZCBlYWNoIEtpbmVzaXMgc3RyZWFtIHRoaXMgd29ya3NwYWNlIGlzIGdyYW50ZWQgdGhyb3VnaCB0aGUgVW5pdHkgQ2F0YWxvZyBzZXJ2aWNlIGNyZWRlbnRpYWwgb2YgaXRzCiMgYWNjb3VudCdzIHJvbGU7IERhdGFicmlja3MgUnVudGltZSAxNi4xIG9yIGFib3ZlLgojICAgdGVzdFN0cmVhbTogYWNjb3VudCAyMjIyMjIyMjIyMjIsIGNyZWRlbnRpYWwga2luZXNpcy14YWNjdC1raW5lc2lzY3Jvc3NhY2NvdW50cm9sZS0yMjIyMjIyMjIyMjIgKHJvbGUgYXJuOmF3czppYW06OjIyMjIyMjIyMjIyMjpyb2xlL0tpbmVzaXNDcm9zc0FjY291bnRSb2xlKTsKIyAgICAgYWNjZXNzIHJlYWQsIHJlYWRzIGJ5IHBvbGxpbmcgKEdldFJlY29yZHMpLgojIFRoZSByZWFkIGlzIGJvdW5kZWQgdHdpY2U6IGl0IHN0YXJ0cyAxNSBtaW51dGVzIGJlZm9yZSB0aGUgbm90ZWJvb2sgcnVucyAobmV2ZXIgdGhlIHdob2xlCiMgcmV0ZW50aW9uKSwgYW5kIHRyaWdnZXIoYXZhaWxhYmxlTm93PVRydWUpIHN0b3BzIGF0IHdoYXQgZWFjaCBzdHJlYW0gaG9sZHMKIyB3aGVuIHRoZSBxdWVyeSBzdGFydHMuIEZldGNoZXMgYXJlIGNhcHBlZCBhdCBtYXhGZXRjaFJhdGUgMC41IE1CL3MgcGVyIHNoYXJkIChhIHNoYXJkIHNlcnZlcyAyIE1pQi9zCiMgdG8gYWxsIGl0cyBwb2xsaW5nIGNvbnN1bWVycyB0b2dldGhlcikuIFRoZSByZWNvcmRzIHJlYWQgYXJlIGNvdW50ZWQgZnJvbSB0aGUgcXVlcnkncyBvd24gcHJvZ3Jlc3MKIyAobnVtSW5wdXRSb3dzKSwgbmV2ZXIgZnJvbSBhIFB5dGhvbiBmdW5jdGlvbjogb24gc3RhbmRhcmQgYWNjZXNzIG1vZGUgKFNwYXJrIENvbm5lY3QpIHN1Y2ggYSBmdW5jdGlvbiBydW5zCiMgaW4gYSBzZXBhcmF0ZSBwcm9jZXNzIGFuZCBjYW5ub3QgcmVwb3J0IGJhY2suCgojIENPTU1BTkQgLS0tLS0tLS0tLQoKaW1wb3J0IGRhdGV0aW1lCmltcG9ydCBqc29uCmltcG9ydCBvcwppbXBvcnQgc2h1dGlsCmltcG9ydCB0ZW1wZmlsZQppbXBvcnQgdXVpZAoKIyBPbmUgZW50cnkgcGVyIGdyYW50ZWQgc3RyZWFtOiBpdHMgbGFiZWwgaW4gdGhlIHJlc3VsdHMsIHRoZSBzdHJlYW0sIGFuZCBob3cgdGhpcyB3b3Jrc3BhY2UgcmVhY2hlcyBpdC4KUkVBRFMgPSBbCiAgICB7CiAgICAgICAgImxhYmVsIjogInRlc3RTdHJlYW0iLAogICAgICAgICJzdHJlYW0iOiAidGVzdFN0cmVhbSIsCiAgICAgICAgInJlZ2lvbiI6ICJ1cy1lYXN0LTEiLAogICAgICAgICJhY2Nlc3MiOiAicmVhZCIsCiAgICAgICAgImNvbnN1bWVyTmFtZSI6IE5vbmUsCiAgICAgICAgInNlcnZpY2VDcmVkZW50aWFsIjogImtpbmVzaXMteGFjY3Qta2luZXNpc2Nyb3NzYWNjb3VudHJvbGUtMjIyMjIyMjIyMjIyIiwKICAgIH0sCl0KV0lORE9XX01JTlVURVMgPSAxNQojIFRoZSBzdGFydCBvZiB0aGUgd2luZG93LCBjb21wdXRlZCBub3c6IHRoZSBzYW1lIGZvciBldmVyeSBzdHJlYW0uCldJTkRPV19TVEFSVCA9IGRhdGV0aW1lLmRhdGV0aW1lLm5vdyhkYXRldGltZS50aW1lem9uZS51dGMpIC0gZGF0ZXRpbWUudGltZWRlbHRhKG1pbnV0ZXM9V0lORE9XX01JTlVURVMpCklOSVRJQUxfUE9TSVRJT04gPSBqc29uLmR1bXBzKAogICAgeyJhdF90aW1lc3RhbXAiOiBXSU5ET1dfU1RBUlQuc3RyZnRpbWUoIiVZLSVtLSVkVCVIOiVNOiVTKzAwMDAiKSwgImZvcm1hdCI6ICJ5eXl5LU1NLWRkJ1QnSEg6bW06c3NaIn0KKQpGUk9NID0gZiJ0aGUgbGFzdCB7V0lORE9XX01JTlVURVN9IG1pbnV0ZXMgKHNpbmNlIHtXSU5ET1dfU1RBUlQ6JVktJW0tJWQgJUg6JU06JVN9IFVUQykiCiMgS2VlcCBldmVyeSBwcm9ncmVzcyB1cGRhdGUgb2YgYSBxdWVyeSAoU3Bhcmsga2VlcHMgMTAwIGJ5IGRlZmF1bHQpOiB0aGUgY291bnQgc3VtcyBhbGwgb2YgdGhlbS4KdHJ5OgogICAgc3BhcmsuY29uZi5zZXQoInNwYXJrLnNxbC5zdHJlYW1pbmcubnVtUmVjZW50UHJvZ3Jlc3NVcGRhdGVzIiwgIjEwMDAwMCIpCmV4Y2VwdCBFeGNlcHRpb24gYXMgZXJyOiAgIyBhIHdvcmtzcGFjZSBtYXkgcmVmdXNlIHRoZSBzZXR0aW5nOiBhIGxvbmcgcmVhZCdzIGNvdW50IHRoZW4gc2F5cyBpdCBpcyBpbmNvbXBsZXRlCiAgICBwcmludChmIm5vdGU6IFNwYXJrIGtlZXBzIGl0cyBkZWZhdWx0IG51bWJlciBvZiBwcm9ncmVzcyB1cGRhdGVzICh7dHlwZShlcnIpLl9fbmFtZV9ffSkiKQoKCmRlZiByZWFkX3N0cmVhbShyZWFkKToKICAgIHJlYWRlciA9ICgKICAgICAgICBzcGFyay5yZWFkU3RyZWFtLmZvcm1hdCgia2luZXNpcyIpCiAgICAgICAgLm9wdGlvbigic3RyZWFtTmFtZSIsIHJlYWRbInN0cmVhbSJdKQogICAgICAgIC5vcHRpb24oInJlZ2lvbiIsIHJlYWRbInJlZ2lvbiJdKQogICAgICAgICMgQXV0aGVudGljYXRpb246IHRoZSBVbml0eSBDYXRhbG9nIHNlcnZpY2UgY3JlZGVudGlhbCAoRGF0YWJyaWNrcyBhc3N1bWVzIHRoZSBzdHJlYW0gYWNjb3VudCdzIHJvbGUpLgogICAgICAgIC5vcHRpb24oInNlcnZpY2VDcmVkZW50aWFsIiwgcmVhZFsic2VydmljZUNyZWRlbnRpYWwiXSkKICAgICAgICAub3B0aW9uKCJpbml0aWFsUG9zaXRpb24iLCBJTklUSUFMX1BPU0lUSU9OKQogICAgICAgIC5vcHRpb24oIm1heEZldGNoUmF0ZSIsICIwLjUiKQogICAgKQogICAgaWYgcmVhZFsiYWNjZXNzIl0gPT0gInJlYWQtZWZvIjoKICAgICAgICAjIEVuaGFuY2VkIGZhbi1vdXQ6IG9uZSBuYW1lZCBjb25zdW1lciBvZiB0aGlzIGRlcGxveW1lbnQgKGl0cyByb2xlIG1heSBkZXJlZ2lzdGVyIG5vIG90aGVyKSwKICAgICAgICAjIGRlcmVnaXN0ZXJlZCB3aGVuIHRoZSBxdWVyeSBzdG9wcyAoYSBzdHJlYW0gaGFzIGF0IG1vc3QgMjAgY29uc3VtZXJzOyB3aXRob3V0IHRoaXMgZWFjaCBydW4gd291bGQKICAgICAgICAjIGxlYXZlIG9uZSBiZWhpbmQpLgogICAgICAgIHJlYWRlciA9ICgKICAgICAgICAgICAgcmVhZGVyLm9wdGlvbigiY29uc3VtZXJNb2RlIiwgImVmbyIpCiAgICAgICAgICAgIC5vcHRpb24oImNvbnN1bWVyTmFtZSIsIHJlYWRbImNvbnN1bWVyTmFtZSJdKQogICAgICAgICAgICAub3B0aW9uKCJyZXF1aXJlQ29uc3VtZXJEZXJlZ2lzdHJhdGlvbiIsICJ0cnVlIikKICAgICAgICApCiAgICByZXR1cm4gcmVhZGVyLmxvYWQoKQoKCmRlZiBjb3VudF9yZWNvcmRzKHJlYWQsIGNoZWNrcG9pbnQpOgogICAgIiIiUmVhZCB0aGUgc3RyZWFtIGZyb20gSU5JVElBTF9QT1NJVElPTiB1cCB0byB3aGF0IGl0IGhvbGRzIG5vdyBpbnRvIGEgc2luayB0aGF0IGtlZXBzIG5vdGhpbmcsIGFuZCByZXR1cm4KICAgIHRoZSBudW1iZXIgb2YgcmVjb3JkcyB0aGUgcXVlcnkgcmVhZCAodGhlIHN1bSBvZiBudW1JbnB1dFJvd3Mgb3ZlciBpdHMgcHJvZ3Jlc3MgdXBkYXRlcywgb25lIHBlciBiYXRjaCkuIiIiCiAgICBxdWVyeSA9ICgKICAgICAgICByZWFkX3N0cmVhbShyZWFkKQogICAgICAgIC53cml0ZVN0cmVhbS5mb3JtYXQoIm5vb3AiKQogICAgICAgIC5xdWVyeU5hbWUoImtpbmVzaXMteGFjY3QtdmFsaWRhdGUtIiArIHJlYWRbImxhYmVsIl0ucmVwbGFjZSgiLyIsICItIikpCiAgICAgICAgLm9wdGlvbigiY2hlY2twb2ludExvY2F0aW9uIiwgY2hlY2twb2ludCkKICAgICAgICAudHJpZ2dlcihhdmFpbGFibGVOb3c9VHJ1ZSkKICAgICAgICAuc3RhcnQoKQogICAgKQogICAgcXVlcnkuYXdhaXRUZXJtaW5hdGlvbigpICAjIHJhaXNlcyBpZiB0aGUgcXVlcnkgZmFpbGVkIChhc3N1bWluZyB0aGUgcm9sZSwgYSBLaW5lc2lzIGNhbGwpCiAgICBiYXRjaGVzID0ge3BbImJhdGNoSWQiXTogc3VtKHNvdXJjZVsibnVtSW5wdXRSb3dzIl0gZm9yIHNvdXJjZSBpbiBwWyJzb3VyY2VzIl0pIGZvciBwIGluIHF1ZXJ5LnJlY2VudFByb2dyZXNzfQogICAgaWYgYmF0Y2hlcyBhbmQgbWluKGJhdGNoZXMpID4gMDogICMgYSBuZXcgY2hlY2twb2ludCBzdGFydHMgYXQgYmF0Y2ggMDogZWFybGllciB1cGRhdGVzIHdlcmUgZHJvcHBlZAogICAgICAgIHByaW50KGYie3JlYWRbJ2xhYmVsJ119OiB0aGUgcHJvZ3Jlc3Mgb2YgdGhlIGZpcnN0IHttaW4oYmF0Y2hlcyl9IGJhdGNoZXMgd2FzIGRyb3BwZWQ7IHRoZSBjb3VudCBpcyB0b28gbG93IikKICAgIHJldHVybiBzdW0oYmF0Y2hlcy52YWx1ZXMoKSkKCgojIENPTU1BTkQgLS0tLS0tLS0tLQoKIyBFYWNoIHF1ZXJ5J3MgY2hlY2twb2ludCAoRGF0YWJyaWNrczogIllvdSBtdXN0IHNwZWNpZnkgdGhlIGNoZWNrcG9pbnRMb2NhdGlvbiBvcHRpb24gYmVmb3JlIHlvdSBydW4gYQojIHN0cmVhbWluZyBxdWVyeSIpIGdvZXMgdG8gYSBmb2xkZXIgb2YgdGhpcyBydW4gb24gdGhlIGRyaXZlcidzIGxvY2FsIGRpc2ssIHdoaWNoIFNwYXJrIGNyZWF0ZXM7IHRoZSBmb2xkZXIKIyBpcyByZW1vdmVkIHdoZW4gdGhlIHJlYWRzIGVuZCAoYSBqb2IgY2x1c3RlcidzIGRpc2sgZ29lcyBhd2F5IHdpdGggdGhlIGNsdXN0ZXIgYW55d2F5KS4KY2hlY2twb2ludHMgPSBvcy5wYXRoLmpvaW4odGVtcGZpbGUuZ2V0dGVtcGRpcigpLCBmImtpbmVzaXMteGFjY3QtdmFsaWRhdGUte3V1aWQudXVpZDQoKS5oZXh9IikKcmVzdWx0cyA9IFtdCnRyeToKICAgIGZvciBpLCByZWFkIGluIGVudW1lcmF0ZShSRUFEUyk6CiAgICAgICAgcmVzdWx0cy5hcHBlbmQoKHJlYWRbImxhYmVsIl0sIGNvdW50X3JlY29yZHMocmVhZCwgZiJmaWxlOntjaGVja3BvaW50c30ve2l9IikpKQpmaW5hbGx5OgogICAgc2h1dGlsLnJtdHJlZShjaGVja3BvaW50cywgaWdub3JlX2Vycm9ycz1UcnVlKQogICAgaWYgb3MucGF0aC5leGlzdHMoY2hlY2twb2ludHMpOgogICAgICAgIHByaW50KGYibm90ZTogdGhlIGNoZWNrcG9pbnQgZm9sZGVyIHtjaGVja3BvaW50c30gb24gdGhlIGRyaXZlciBjb3VsZCBub3QgYmUgcmVtb3ZlZCBmcm9tIFB5dGhvbiIpCgpBQ0NFU1MgPSB7cmVhZFsibGFiZWwiXTogcmVhZFsiYWNjZXNzIl0gZm9yIHJlYWQgaW4gUkVBRFN9CmVtcHR5ID0gW2xhYmVsIGZvciBsYWJlbCwgcmVjb3JkcyBpbiByZXN1bHRzIGlmIHJlY29yZHMgPT0gMF0KZm9yIGxhYmVsLCByZWNvcmRzIGluIHJlc3VsdHM6CiAgICBpZiByZWNvcmRzOgogICAgICAgIHByaW50KGYie2xhYmVsfToge3JlY29yZHN9IHJlY29yZHMgcmVhZCBmcm9tIHtGUk9NfSAoe0FDQ0VTU1tsYWJlbF19KTogYWNjZXNzIHdvcmtzIGFuZCBkYXRhIGFycml2ZWQuIikKICAgIGVsc2U6CiAgICAgICAgcHJpbnQoCiAgICAgICAgICAgIGYie2xhYmVsfTogTk8gUkVDT1JEUyBpbiB7RlJPTX0uIEFjY2VzcyB3b3JrcyAoZXZlcnkgS2luZXNpcyBjYWxsIHN1Y2NlZWRlZCksIGJ1dCBubyBkYXRhIHdhcyBzZWVuOiAiCiAgICAgICAgICAgIGYid3JpdGUgYSByZWNvcmQgdG8gdGhlIHN0cmVhbSBhbmQgcnVuIGFnYWluLCBvciB3aWRlbiB0aGUgd2luZG93LCB0byBzZWUgZGF0YSBhcnJpdmUuIgogICAgICAgICkKZGlzcGxheSgKICAgIHNwYXJrLmNyZWF0ZURhdGFGcmFtZSgKICAgICAgICBbKGxhYmVsLCByZWNvcmRzLCAicmVjb3JkcyByZWFkIiBpZiByZWNvcmRzIGVsc2UgIk5PIFJFQ09SRFMgaW4gdGhlIHdpbmRvdyIpIGZvciBsYWJlbCwgcmVjb3JkcyBpbiByZXN1bHRzXSwKICAgICAgICAic3RyZWFtIHN0cmluZywgcmVjb3JkcyBsb25nLCByZXN1bHQgc3RyaW5nIiwKICAgICkKKQpkYnV0aWxzLm5vdGVib29rLmV4aXQoanNvbi5kdW1wcyh7ImFjY2VzcyI6IEFDQ0VTUywgImZyb20iOiBGUk9NLCAicmVjb3JkcyI6IGRpY3QocmVzdWx0cyksICJub19yZWNvcmRzIjogZW1wdHl9KSkK"
  language       = "PYTHON"
  path           = "${databricks_directory.databricks-validation_folder_5607DDFD.path}/validate_kinesis"
  provider       = databricks
}
resource "databricks_permissions" "databricks-validation_folder-permissions_4DF40799" {
  directory_path = databricks_directory.databricks-validation_folder_5607DDFD.path
  access_control {
    group_name       = "analysts"
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
    group_name       = "analysts"
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

output "cross-stack-output-databricks_credentialservice-credential_938ECB8Baws_iam_role0external_id" {
  value     = databricks_credential.service-credential_938ECB8B.aws_iam_role[0].external_id
  sensitive = true
}