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
resource "databricks_directory" "databricks-validation_folder_5607DDFD" {
  path     = "/Users/lakehouse-admin@example.com/kinesis-xacct"
  provider = databricks
}
resource "databricks_notebook" "databricks-validation_notebook_A16BE26F" {
  content_base64 = "IyBEYXRhYnJpY2tzIG5vdGVib29rIHNvdXJjZQojIEdlbmVyYXRlZCBieSBraW5lc2lzLXhhY2N0LiBEbyBub3QgZWRpdDogY2hhbmdlIHRoZSBjb25maWcgYW5kIHN5bnRoZXNpemUgYWdhaW4uCiMgUmVhZCBlYWNoIEtpbmVzaXMgc3RyZWFtIHRoaXMgd29ya3NwYWNlIGlzIGdyYW50ZWQgdGhyb3VnaCB0aGUgVW5pdHkgQ2F0YWxvZyBzZXJ2aWNlIGNyZWRlbnRpYWwgb2YgaXRzCiMgYWNjb3VudCdzIHJvbGU7IERhdGFicmlja3MgUnVudGltZSAxNi4xIG9yIGFib3ZlLgojICAgY2xpY2tzdHJlYW0vc2Vzc2lvbnM6IGFjY291bnQgMjIyMjIyMjIyMjIyLCBjcmVkZW50aWFsIGtpbmVzaXMteGFjY3QtbGFrZWhvdXNlLWNsaWNrc3RyZWFtLTIyMjIyMjIyMjIyMiAocm9sZSBhcm46YXdzOmlhbTo6MjIyMjIyMjIyMjIyOnJvbGUva2luZXNpcy14YWNjdC1sYWtlaG91c2UtY2xpY2tzdHJlYW0pOwojICAgICBhY2Nlc3MgcmVhZCwgcmVhZHMgYnkgcG9sbGluZyAoR2V0UmVjb3JkcykuCiMgVGhlIHJlYWQgaXMgYm91bmRlZCB0d2ljZTogaXQgc3RhcnRzIDE1IG1pbnV0ZXMgYmVmb3JlIHRoZSBub3RlYm9vayBydW5zIChuZXZlciB0aGUgd2hvbGUKIyByZXRlbnRpb24pLCBhbmQgdHJpZ2dlcihhdmFpbGFibGVOb3c9VHJ1ZSkgc3RvcHMgYXQgd2hhdCBlYWNoIHN0cmVhbSBob2xkcwojIHdoZW4gdGhlIHF1ZXJ5IHN0YXJ0cy4gRmV0Y2hlcyBhcmUgY2FwcGVkIGF0IG1heEZldGNoUmF0ZSAwLjUgTUIvcyBwZXIgc2hhcmQgKGEgc2hhcmQgc2VydmVzIDIgTWlCL3MKIyB0byBhbGwgaXRzIHBvbGxpbmcgY29uc3VtZXJzIHRvZ2V0aGVyKS4gVGhlIHJlY29yZHMgcmVhZCBhcmUgY291bnRlZCBmcm9tIHRoZSBxdWVyeSdzIG93biBwcm9ncmVzcwojIChudW1JbnB1dFJvd3MpLCBuZXZlciBmcm9tIGEgUHl0aG9uIGZ1bmN0aW9uOiBvbiBzdGFuZGFyZCBhY2Nlc3MgbW9kZSAoU3BhcmsgQ29ubmVjdCkgc3VjaCBhIGZ1bmN0aW9uIHJ1bnMKIyBpbiBhIHNlcGFyYXRlIHByb2Nlc3MgYW5kIGNhbm5vdCByZXBvcnQgYmFjay4KCiMgQ09NTUFORCAtLS0tLS0tLS0tCgppbXBvcnQgZGF0ZXRpbWUKaW1wb3J0IGpzb24KaW1wb3J0IG9zCmltcG9ydCB0ZW1wZmlsZQppbXBvcnQgdXVpZAoKIyBPbmUgZW50cnkgcGVyIGdyYW50ZWQgc3RyZWFtOiBpdHMgbGFiZWwgaW4gdGhlIHJlc3VsdHMsIHRoZSBzdHJlYW0sIGFuZCBob3cgdGhpcyB3b3Jrc3BhY2UgcmVhY2hlcyBpdC4KUkVBRFMgPSBbCiAgICB7CiAgICAgICAgImxhYmVsIjogImNsaWNrc3RyZWFtL3Nlc3Npb25zIiwKICAgICAgICAic3RyZWFtIjogInNlc3Npb25zIiwKICAgICAgICAicmVnaW9uIjogInVzLWVhc3QtMSIsCiAgICAgICAgImFjY2VzcyI6ICJyZWFkIiwKICAgICAgICAiY29uc3VtZXJOYW1lIjogTm9uZSwKICAgICAgICAic2VydmljZUNyZWRlbnRpYWwiOiAia2luZXNpcy14YWNjdC1sYWtlaG91c2UtY2xpY2tzdHJlYW0tMjIyMjIyMjIyMjIyIiwKICAgIH0sCl0KV0lORE9XX01JTlVURVMgPSAxNQojIFRoZSBzdGFydCBvZiB0aGUgd2luZG93LCBjb21wdXRlZCBub3c6IHRoZSBzYW1lIGZvciBldmVyeSBzdHJlYW0uCldJTkRPV19TVEFSVCA9IGRhdGV0aW1lLmRhdGV0aW1lLm5vdyhkYXRldGltZS50aW1lem9uZS51dGMpIC0gZGF0ZXRpbWUudGltZWRlbHRhKG1pbnV0ZXM9V0lORE9XX01JTlVURVMpCklOSVRJQUxfUE9TSVRJT04gPSBqc29uLmR1bXBzKAogICAgeyJhdF90aW1lc3RhbXAiOiBXSU5ET1dfU1RBUlQuc3RyZnRpbWUoIiVZLSVtLSVkVCVIOiVNOiVTKzAwMDAiKSwgImZvcm1hdCI6ICJ5eXl5LU1NLWRkJ1QnSEg6bW06c3NaIn0KKQpGUk9NID0gZiJ0aGUgbGFzdCB7V0lORE9XX01JTlVURVN9IG1pbnV0ZXMgKHNpbmNlIHtXSU5ET1dfU1RBUlQ6JVktJW0tJWQgJUg6JU06JVN9IFVUQykiCiMgS2VlcCBldmVyeSBwcm9ncmVzcyB1cGRhdGUgb2YgYSBxdWVyeSAoU3Bhcmsga2VlcHMgMTAwIGJ5IGRlZmF1bHQpOiB0aGUgY291bnQgc3VtcyBhbGwgb2YgdGhlbS4KdHJ5OgogICAgc3BhcmsuY29uZi5zZXQoInNwYXJrLnNxbC5zdHJlYW1pbmcubnVtUmVjZW50UHJvZ3Jlc3NVcGRhdGVzIiwgIjEwMDAwMCIpCmV4Y2VwdCBFeGNlcHRpb24gYXMgZXJyOiAgIyBhIHdvcmtzcGFjZSBtYXkgcmVmdXNlIHRoZSBzZXR0aW5nOiBhIGxvbmcgcmVhZCdzIGNvdW50IHRoZW4gc2F5cyBpdCBpcyBpbmNvbXBsZXRlCiAgICBwcmludChmIm5vdGU6IFNwYXJrIGtlZXBzIGl0cyBkZWZhdWx0IG51bWJlciBvZiBwcm9ncmVzcyB1cGRhdGVzICh7dHlwZShlcnIpLl9fbmFtZV9ffSkiKQoKCmRlZiByZWFkX3N0cmVhbShyZWFkKToKICAgIHJlYWRlciA9ICgKICAgICAgICBzcGFyay5yZWFkU3RyZWFtLmZvcm1hdCgia2luZXNpcyIpCiAgICAgICAgLm9wdGlvbigic3RyZWFtTmFtZSIsIHJlYWRbInN0cmVhbSJdKQogICAgICAgIC5vcHRpb24oInJlZ2lvbiIsIHJlYWRbInJlZ2lvbiJdKQogICAgICAgICMgQXV0aGVudGljYXRpb246IHRoZSBVbml0eSBDYXRhbG9nIHNlcnZpY2UgY3JlZGVudGlhbCAoRGF0YWJyaWNrcyBhc3N1bWVzIHRoZSBzdHJlYW0gYWNjb3VudCdzIHJvbGUpLgogICAgICAgIC5vcHRpb24oInNlcnZpY2VDcmVkZW50aWFsIiwgcmVhZFsic2VydmljZUNyZWRlbnRpYWwiXSkKICAgICAgICAub3B0aW9uKCJpbml0aWFsUG9zaXRpb24iLCBJTklUSUFMX1BPU0lUSU9OKQogICAgICAgIC5vcHRpb24oIm1heEZldGNoUmF0ZSIsICIwLjUiKQogICAgKQogICAgaWYgcmVhZFsiYWNjZXNzIl0gPT0gInJlYWQtZWZvIjoKICAgICAgICAjIEVuaGFuY2VkIGZhbi1vdXQ6IG9uZSBuYW1lZCBjb25zdW1lciBvZiB0aGlzIGRlcGxveW1lbnQgKGl0cyByb2xlIG1heSBkZXJlZ2lzdGVyIG5vIG90aGVyKSwKICAgICAgICAjIGRlcmVnaXN0ZXJlZCB3aGVuIHRoZSBxdWVyeSBzdG9wcyAoYSBzdHJlYW0gaGFzIGF0IG1vc3QgMjAgY29uc3VtZXJzOyB3aXRob3V0IHRoaXMgZWFjaCBydW4gd291bGQKICAgICAgICAjIGxlYXZlIG9uZSBiZWhpbmQpLgogICAgICAgIHJlYWRlciA9ICgKICAgICAgICAgICAgcmVhZGVyLm9wdGlvbigiY29uc3VtZXJNb2RlIiwgImVmbyIpCiAgICAgICAgICAgIC5vcHRpb24oImNvbnN1bWVyTmFtZSIsIHJlYWRbImNvbnN1bWVyTmFtZSJdKQogICAgICAgICAgICAub3B0aW9uKCJyZXF1aXJlQ29uc3VtZXJEZXJlZ2lzdHJhdGlvbiIsICJ0cnVlIikKICAgICAgICApCiAgICByZXR1cm4gcmVhZGVyLmxvYWQoKQoKCmRlZiBjb3VudF9yZWNvcmRzKHJlYWQsIGNoZWNrcG9pbnQpOgogICAgIiIiUmVhZCB0aGUgc3RyZWFtIGZyb20gSU5JVElBTF9QT1NJVElPTiB1cCB0byB3aGF0IGl0IGhvbGRzIG5vdyBpbnRvIGEgc2luayB0aGF0IGtlZXBzIG5vdGhpbmcsIGFuZCByZXR1cm4KICAgIHRoZSBudW1iZXIgb2YgcmVjb3JkcyB0aGUgcXVlcnkgcmVhZCAodGhlIHN1bSBvZiBudW1JbnB1dFJvd3Mgb3ZlciBpdHMgcHJvZ3Jlc3MgdXBkYXRlcywgb25lIHBlciBiYXRjaCkuIiIiCiAgICBxdWVyeSA9ICgKICAgICAgICByZWFkX3N0cmVhbShyZWFkKQogICAgICAgIC53cml0ZVN0cmVhbS5mb3JtYXQoIm5vb3AiKQogICAgICAgIC5xdWVyeU5hbWUoImtpbmVzaXMteGFjY3QtdmFsaWRhdGUtIiArIHJlYWRbImxhYmVsIl0ucmVwbGFjZSgiLyIsICItIikpCiAgICAgICAgLm9wdGlvbigiY2hlY2twb2ludExvY2F0aW9uIiwgY2hlY2twb2ludCkKICAgICAgICAudHJpZ2dlcihhdmFpbGFibGVOb3c9VHJ1ZSkKICAgICAgICAuc3RhcnQoKQogICAgKQogICAgcXVlcnkuYXdhaXRUZXJtaW5hdGlvbigpICAjIHJhaXNlcyBpZiB0aGUgcXVlcnkgZmFpbGVkIChhc3N1bWluZyB0aGUgcm9sZSwgYSBLaW5lc2lzIGNhbGwpCiAgICBiYXRjaGVzID0ge3BbImJhdGNoSWQiXTogc3VtKHNvdXJjZVsibnVtSW5wdXRSb3dzIl0gZm9yIHNvdXJjZSBpbiBwWyJzb3VyY2VzIl0pIGZvciBwIGluIHF1ZXJ5LnJlY2VudFByb2dyZXNzfQogICAgaWYgYmF0Y2hlcyBhbmQgbWluKGJhdGNoZXMpID4gMDogICMgYSBuZXcgY2hlY2twb2ludCBzdGFydHMgYXQgYmF0Y2ggMDogZWFybGllciB1cGRhdGVzIHdlcmUgZHJvcHBlZAogICAgICAgIHByaW50KGYie3JlYWRbJ2xhYmVsJ119OiB0aGUgcHJvZ3Jlc3Mgb2YgdGhlIGZpcnN0IHttaW4oYmF0Y2hlcyl9IGJhdGNoZXMgd2FzIGRyb3BwZWQ7IHRoZSBjb3VudCBpcyB0b28gbG93IikKICAgIHJldHVybiBzdW0oYmF0Y2hlcy52YWx1ZXMoKSkKCgojIENPTU1BTkQgLS0tLS0tLS0tLQoKIyBFYWNoIHF1ZXJ5J3MgY2hlY2twb2ludCAoRGF0YWJyaWNrczogIllvdSBtdXN0IHNwZWNpZnkgdGhlIGNoZWNrcG9pbnRMb2NhdGlvbiBvcHRpb24gYmVmb3JlIHlvdSBydW4gYQojIHN0cmVhbWluZyBxdWVyeSIpIGdvZXMgdG8gYSBmb2xkZXIgb2YgdGhpcyBydW4gYmVsb3cgQ0hFQ0tQT0lOVF9ST09ULCByZW1vdmVkIHdoZW4gdGhlIHJlYWRzIGVuZC4KIyBTdGFuZGFyZCBhY2Nlc3MgbW9kZSByZWZ1c2VzIFNwYXJrIGFjY2VzcyB0byB0aGUgZHJpdmVyJ3MgbG9jYWwgZGlzayAoIldvcmtzcGFjZUxvY2FsRmlsZVN5c3RlbSAtIGxvY2FsCiMgZmlsZXN5c3RlbSBhY2Nlc3MgaXMgZm9yYmlkZGVuIik6IHRoZSByb290IGlzIHRoZSBVbml0eSBDYXRhbG9nIHZvbHVtZSB0aGlzIHN0YWNrIGNyZWF0ZWQgZm9yIHRoZSBjaGVja3BvaW50cy4KQ0hFQ0tQT0lOVF9ST09UID0gIi9Wb2x1bWVzL21haW4vZGVmYXVsdC9raW5lc2lzX3hhY2N0X2xha2Vob3VzZSIKIyBBIHJ1biBtYXkgbmFtZSBhbm90aGVyIHJvb3QgaW4gdGhlIHdpZGdldCAoYSBqb2I6IGJhc2VfcGFyYW1ldGVycyksIGUuZy4gYSB2b2x1bWUgb2YgaXRzIG93bi4KZGJ1dGlscy53aWRnZXRzLnRleHQoImNoZWNrcG9pbnRfcm9vdCIsIENIRUNLUE9JTlRfUk9PVCwgIkNoZWNrcG9pbnQgcm9vdCIpCkNIRUNLUE9JTlRfUk9PVCA9IGRidXRpbHMud2lkZ2V0cy5nZXQoImNoZWNrcG9pbnRfcm9vdCIpLnJzdHJpcCgiLyIpCmlmIG9zLmVudmlyb24uZ2V0KCJEQVRBQlJJQ0tTX1JVTlRJTUVfVkVSU0lPTiIpIGFuZCBub3QgQ0hFQ0tQT0lOVF9ST09ULnN0YXJ0c3dpdGgoIi9Wb2x1bWVzLyIpOgogICAgIyBPbiBhIERhdGFicmlja3MgY2x1c3RlciAod2hpY2ggc2V0cyBEQVRBQlJJQ0tTX1JVTlRJTUVfVkVSU0lPTikgdGhpcyBub3RlYm9vayBydW5zIGluIHN0YW5kYXJkIGFjY2VzcyBtb2RlLgogICAgcmFpc2UgVmFsdWVFcnJvcigKICAgICAgICBmImNoZWNrcG9pbnQgcm9vdCB7Q0hFQ0tQT0lOVF9ST09UIXJ9IGlzIG5vdCBhIFVuaXR5IENhdGFsb2cgdm9sdW1lOiB0aGlzIGNsdXN0ZXIgcnVucyBpbiBzdGFuZGFyZCBhY2Nlc3MgIgogICAgICAgIGYibW9kZSwgd2hpY2ggcmVmdXNlcyBTcGFyayBhY2Nlc3MgdG8gbG9jYWwgcGF0aHMgKFdvcmtzcGFjZUxvY2FsRmlsZVN5c3RlbSAtIGxvY2FsIGZpbGVzeXN0ZW0gYWNjZXNzIGlzICIKICAgICAgICBmImZvcmJpZGRlbikuIFVzZSAvVm9sdW1lcy88Y2F0YWxvZz4vPHNjaGVtYT4vPHZvbHVtZT4gKGRlZmF1bHQ6IC9Wb2x1bWVzL21haW4vZGVmYXVsdC9raW5lc2lzX3hhY2N0X2xha2Vob3VzZSkiCiAgICApCmNoZWNrcG9pbnRzID0gZiJ7Q0hFQ0tQT0lOVF9ST09UfS9raW5lc2lzLXhhY2N0LXZhbGlkYXRlLXt1dWlkLnV1aWQ0KCkuaGV4fSIKcmVzdWx0cyA9IFtdCnRyeToKICAgIGZvciBpLCByZWFkIGluIGVudW1lcmF0ZShSRUFEUyk6CiAgICAgICAgcmVzdWx0cy5hcHBlbmQoKHJlYWRbImxhYmVsIl0sIGNvdW50X3JlY29yZHMocmVhZCwgZiJ7Y2hlY2twb2ludHN9L3tpfSIpKSkKZmluYWxseToKICAgIHRyeToKICAgICAgICBkYnV0aWxzLmZzLnJtKGNoZWNrcG9pbnRzLCBUcnVlKSAgIyB0aGUgcnVuJ3MgZm9sZGVyIGFuZCBldmVyeXRoaW5nIGluIGl0CiAgICBleGNlcHQgRXhjZXB0aW9uIGFzIGVycjogICMgdGhlIGNvdW50cyBzdGFuZDsgdGhlIGZvbGRlciBzdGF5cyBmb3IgaXRzIG93bmVyIHRvIHJlbW92ZQogICAgICAgIHByaW50KGYibm90ZTogdGhlIGNoZWNrcG9pbnQgZm9sZGVyIHtjaGVja3BvaW50c30gY291bGQgbm90IGJlIHJlbW92ZWQgKHt0eXBlKGVycikuX19uYW1lX199OiB7ZXJyfSkiKQoKQUNDRVNTID0ge3JlYWRbImxhYmVsIl06IHJlYWRbImFjY2VzcyJdIGZvciByZWFkIGluIFJFQURTfQplbXB0eSA9IFtsYWJlbCBmb3IgbGFiZWwsIHJlY29yZHMgaW4gcmVzdWx0cyBpZiByZWNvcmRzID09IDBdCmZvciBsYWJlbCwgcmVjb3JkcyBpbiByZXN1bHRzOgogICAgaWYgcmVjb3JkczoKICAgICAgICBwcmludChmIntsYWJlbH06IHtyZWNvcmRzfSByZWNvcmRzIHJlYWQgZnJvbSB7RlJPTX0gKHtBQ0NFU1NbbGFiZWxdfSk6IGFjY2VzcyB3b3JrcyBhbmQgZGF0YSBhcnJpdmVkLiIpCiAgICBlbHNlOgogICAgICAgIHByaW50KAogICAgICAgICAgICBmIntsYWJlbH06IE5PIFJFQ09SRFMgaW4ge0ZST019LiBBY2Nlc3Mgd29ya3MgKGV2ZXJ5IEtpbmVzaXMgY2FsbCBzdWNjZWVkZWQpLCBidXQgbm8gZGF0YSB3YXMgc2VlbjogIgogICAgICAgICAgICBmIndyaXRlIGEgcmVjb3JkIHRvIHRoZSBzdHJlYW0gYW5kIHJ1biBhZ2Fpbiwgb3Igd2lkZW4gdGhlIHdpbmRvdywgdG8gc2VlIGRhdGEgYXJyaXZlLiIKICAgICAgICApCmRpc3BsYXkoCiAgICBzcGFyay5jcmVhdGVEYXRhRnJhbWUoCiAgICAgICAgWyhsYWJlbCwgcmVjb3JkcywgInJlY29yZHMgcmVhZCIgaWYgcmVjb3JkcyBlbHNlICJOTyBSRUNPUkRTIGluIHRoZSB3aW5kb3ciKSBmb3IgbGFiZWwsIHJlY29yZHMgaW4gcmVzdWx0c10sCiAgICAgICAgInN0cmVhbSBzdHJpbmcsIHJlY29yZHMgbG9uZywgcmVzdWx0IHN0cmluZyIsCiAgICApCikKZGJ1dGlscy5ub3RlYm9vay5leGl0KGpzb24uZHVtcHMoeyJhY2Nlc3MiOiBBQ0NFU1MsICJmcm9tIjogRlJPTSwgInJlY29yZHMiOiBkaWN0KHJlc3VsdHMpLCAibm9fcmVjb3JkcyI6IGVtcHR5fSkpCg=="
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
resource "databricks_permissions" "databricks-validation_cluster-permissions_3384473B" {
  cluster_id = databricks_cluster.databricks-validation_cluster_FE3C7DBB.id
  access_control {
    group_name       = "data-engineers"
    permission_level = "CAN_ATTACH_TO"
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
resource "databricks_volume" "checkpoint-volume_35011E31" {
  catalog_name = "main"
  comment      = "kinesis-xacct: streaming checkpoints of the Kinesis validation notebook (one folder per run, removed after)"
  name         = "kinesis_xacct_lakehouse"
  schema_name  = "default"
  volume_type  = "MANAGED"
  provider     = databricks
}
resource "databricks_grants" "checkpoint-volume_grants_B89F6465" {
  volume = databricks_volume.checkpoint-volume_35011E31.id
  grant {
    principal = "data-engineers"
    privileges = [
      "READ_VOLUME",
      "WRITE_VOLUME"
    ]
  }
  provider = databricks
}

output "checkpoint_volume" {
  value       = databricks_volume.checkpoint-volume_35011E31.volume_path
  description = "Unity Catalog volume of the validation's streaming checkpoints (a folder per run)"
}

output "cross-stack-output-databricks_credentialservice-credential-clickstream_credential_D9DF5B16aws_iam_role0external_id" {
  value     = databricks_credential.service-credential-clickstream_credential_D9DF5B16.aws_iam_role[0].external_id
  sensitive = true
}