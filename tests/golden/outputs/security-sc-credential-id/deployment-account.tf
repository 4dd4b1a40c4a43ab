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
resource "databricks_directory" "databricks-validation_folder_5607DDFD" {
  path     = "/Users/you@example.com/kinesis-xacct"
  provider = databricks
}
resource "databricks_notebook" "databricks-validation_notebook_A16BE26F" {
  content_base64 = "IyBEYXRhYnJpY2tzIG5vdGVib29rIHNvdXJjZQojIEdlbmVyYXRlZCBieSBraW5lc2lzLXhhY2N0LiBEbyBub3QgZWRpdDogY2hhbmdlIHRoZSBjb25maWcgYW5kIHN5bnRoZXNpemUgYWdhaW4uCiMgUmVhZCBlYWNoIEtpbmVzaXMgc3RyZWFtIHRoaXMgd29ya3NwYWNlIGlzIGdyYW50ZWQgdGhyb3VnaCB0aGUgVW5pdHkgQ2F0YWxvZyBzZXJ2aWNlIGNyZWRlbnRpYWwgb2YgaXRzCiMgYWNjb3VudCdzIHJvbGU7IERhdGFicmlja3MgUnVudGltZSAxNi4xIG9yIGFib3ZlLgojICAgdGVzdFN0cmVhbTogYWNjb3VudCAyMjIyMjIyMjIyMjIsIGNyZWRlbnRpYWwga2luZXNpcy14YWNjdC1raW5lc2lzY3Jvc3NhY2NvdW50cm9sZS0yMjIyMjIyMjIyMjIgKHJvbGUgYXJuOmF3czppYW06OjIyMjIyMjIyMjIyMjpyb2xlL0tpbmVzaXNDcm9zc0FjY291bnRSb2xlKTsKIyAgICAgYWNjZXNzIHJlYWQsIHJlYWRzIGJ5IHBvbGxpbmcgKEdldFJlY29yZHMpLgojIFRoZSByZWFkIGlzIGJvdW5kZWQgdHdpY2U6IGl0IHN0YXJ0cyAxNSBtaW51dGVzIGJlZm9yZSB0aGUgbm90ZWJvb2sgcnVucyAobmV2ZXIgdGhlIHdob2xlCiMgcmV0ZW50aW9uKSwgYW5kIHRyaWdnZXIoYXZhaWxhYmxlTm93PVRydWUpIHN0b3BzIGF0IHdoYXQgZWFjaCBzdHJlYW0gaG9sZHMKIyB3aGVuIHRoZSBxdWVyeSBzdGFydHMuIEZldGNoZXMgYXJlIGNhcHBlZCBhdCBtYXhGZXRjaFJhdGUgMC41IE1CL3MgcGVyIHNoYXJkIChhIHNoYXJkIHNlcnZlcyAyIE1pQi9zCiMgdG8gYWxsIGl0cyBwb2xsaW5nIGNvbnN1bWVycyB0b2dldGhlcikuIFRoZSByZWNvcmRzIHJlYWQgYXJlIGNvdW50ZWQgZnJvbSB0aGUgcXVlcnkncyBvd24gcHJvZ3Jlc3MKIyAobnVtSW5wdXRSb3dzKSwgbmV2ZXIgZnJvbSBhIFB5dGhvbiBmdW5jdGlvbjogb24gc3RhbmRhcmQgYWNjZXNzIG1vZGUgKFNwYXJrIENvbm5lY3QpIHN1Y2ggYSBmdW5jdGlvbiBydW5zCiMgaW4gYSBzZXBhcmF0ZSBwcm9jZXNzIGFuZCBjYW5ub3QgcmVwb3J0IGJhY2suCgojIENPTU1BTkQgLS0tLS0tLS0tLQoKaW1wb3J0IGRhdGV0aW1lCmltcG9ydCBqc29uCmltcG9ydCBvcwppbXBvcnQgdGVtcGZpbGUKaW1wb3J0IHV1aWQKCiMgT25lIGVudHJ5IHBlciBncmFudGVkIHN0cmVhbTogaXRzIGxhYmVsIGluIHRoZSByZXN1bHRzLCB0aGUgc3RyZWFtLCBhbmQgaG93IHRoaXMgd29ya3NwYWNlIHJlYWNoZXMgaXQuClJFQURTID0gWwogICAgewogICAgICAgICJsYWJlbCI6ICJ0ZXN0U3RyZWFtIiwKICAgICAgICAic3RyZWFtIjogInRlc3RTdHJlYW0iLAogICAgICAgICJyZWdpb24iOiAidXMtZWFzdC0xIiwKICAgICAgICAiYWNjZXNzIjogInJlYWQiLAogICAgICAgICJjb25zdW1lck5hbWUiOiBOb25lLAogICAgICAgICJzZXJ2aWNlQ3JlZGVudGlhbCI6ICJraW5lc2lzLXhhY2N0LWtpbmVzaXNjcm9zc2FjY291bnRyb2xlLTIyMjIyMjIyMjIyMiIsCiAgICB9LApdCldJTkRPV19NSU5VVEVTID0gMTUKIyBUaGUgc3RhcnQgb2YgdGhlIHdpbmRvdywgY29tcHV0ZWQgbm93OiB0aGUgc2FtZSBmb3IgZXZlcnkgc3RyZWFtLgpXSU5ET1dfU1RBUlQgPSBkYXRldGltZS5kYXRldGltZS5ub3coZGF0ZXRpbWUudGltZXpvbmUudXRjKSAtIGRhdGV0aW1lLnRpbWVkZWx0YShtaW51dGVzPVdJTkRPV19NSU5VVEVTKQpJTklUSUFMX1BPU0lUSU9OID0ganNvbi5kdW1wcygKICAgIHsiYXRfdGltZXN0YW1wIjogV0lORE9XX1NUQVJULnN0cmZ0aW1lKCIlWS0lbS0lZFQlSDolTTolUyswMDAwIiksICJmb3JtYXQiOiAieXl5eS1NTS1kZCdUJ0hIOm1tOnNzWiJ9CikKRlJPTSA9IGYidGhlIGxhc3Qge1dJTkRPV19NSU5VVEVTfSBtaW51dGVzIChzaW5jZSB7V0lORE9XX1NUQVJUOiVZLSVtLSVkICVIOiVNOiVTfSBVVEMpIgojIEtlZXAgZXZlcnkgcHJvZ3Jlc3MgdXBkYXRlIG9mIGEgcXVlcnkgKFNwYXJrIGtlZXBzIDEwMCBieSBkZWZhdWx0KTogdGhlIGNvdW50IHN1bXMgYWxsIG9mIHRoZW0uCnRyeToKICAgIHNwYXJrLmNvbmYuc2V0KCJzcGFyay5zcWwuc3RyZWFtaW5nLm51bVJlY2VudFByb2dyZXNzVXBkYXRlcyIsICIxMDAwMDAiKQpleGNlcHQgRXhjZXB0aW9uIGFzIGVycjogICMgYSB3b3Jrc3BhY2UgbWF5IHJlZnVzZSB0aGUgc2V0dGluZzogYSBsb25nIHJlYWQncyBjb3VudCB0aGVuIHNheXMgaXQgaXMgaW5jb21wbGV0ZQogICAgcHJpbnQoZiJub3RlOiBTcGFyayBrZWVwcyBpdHMgZGVmYXVsdCBudW1iZXIgb2YgcHJvZ3Jlc3MgdXBkYXRlcyAoe3R5cGUoZXJyKS5fX25hbWVfX30pIikKCgpkZWYgcmVhZF9zdHJlYW0ocmVhZCk6CiAgICByZWFkZXIgPSAoCiAgICAgICAgc3BhcmsucmVhZFN0cmVhbS5mb3JtYXQoImtpbmVzaXMiKQogICAgICAgIC5vcHRpb24oInN0cmVhbU5hbWUiLCByZWFkWyJzdHJlYW0iXSkKICAgICAgICAub3B0aW9uKCJyZWdpb24iLCByZWFkWyJyZWdpb24iXSkKICAgICAgICAjIEF1dGhlbnRpY2F0aW9uOiB0aGUgVW5pdHkgQ2F0YWxvZyBzZXJ2aWNlIGNyZWRlbnRpYWwgKERhdGFicmlja3MgYXNzdW1lcyB0aGUgc3RyZWFtIGFjY291bnQncyByb2xlKS4KICAgICAgICAub3B0aW9uKCJzZXJ2aWNlQ3JlZGVudGlhbCIsIHJlYWRbInNlcnZpY2VDcmVkZW50aWFsIl0pCiAgICAgICAgLm9wdGlvbigiaW5pdGlhbFBvc2l0aW9uIiwgSU5JVElBTF9QT1NJVElPTikKICAgICAgICAub3B0aW9uKCJtYXhGZXRjaFJhdGUiLCAiMC41IikKICAgICkKICAgIGlmIHJlYWRbImFjY2VzcyJdID09ICJyZWFkLWVmbyI6CiAgICAgICAgIyBFbmhhbmNlZCBmYW4tb3V0OiBvbmUgbmFtZWQgY29uc3VtZXIgb2YgdGhpcyBkZXBsb3ltZW50IChpdHMgcm9sZSBtYXkgZGVyZWdpc3RlciBubyBvdGhlciksCiAgICAgICAgIyBkZXJlZ2lzdGVyZWQgd2hlbiB0aGUgcXVlcnkgc3RvcHMgKGEgc3RyZWFtIGhhcyBhdCBtb3N0IDIwIGNvbnN1bWVyczsgd2l0aG91dCB0aGlzIGVhY2ggcnVuIHdvdWxkCiAgICAgICAgIyBsZWF2ZSBvbmUgYmVoaW5kKS4KICAgICAgICByZWFkZXIgPSAoCiAgICAgICAgICAgIHJlYWRlci5vcHRpb24oImNvbnN1bWVyTW9kZSIsICJlZm8iKQogICAgICAgICAgICAub3B0aW9uKCJjb25zdW1lck5hbWUiLCByZWFkWyJjb25zdW1lck5hbWUiXSkKICAgICAgICAgICAgLm9wdGlvbigicmVxdWlyZUNvbnN1bWVyRGVyZWdpc3RyYXRpb24iLCAidHJ1ZSIpCiAgICAgICAgKQogICAgcmV0dXJuIHJlYWRlci5sb2FkKCkKCgpkZWYgY291bnRfcmVjb3JkcyhyZWFkLCBjaGVja3BvaW50KToKICAgICIiIlJlYWQgdGhlIHN0cmVhbSBmcm9tIElOSVRJQUxfUE9TSVRJT04gdXAgdG8gd2hhdCBpdCBob2xkcyBub3cgaW50byBhIHNpbmsgdGhhdCBrZWVwcyBub3RoaW5nLCBhbmQgcmV0dXJuCiAgICB0aGUgbnVtYmVyIG9mIHJlY29yZHMgdGhlIHF1ZXJ5IHJlYWQgKHRoZSBzdW0gb2YgbnVtSW5wdXRSb3dzIG92ZXIgaXRzIHByb2dyZXNzIHVwZGF0ZXMsIG9uZSBwZXIgYmF0Y2gpLiIiIgogICAgcXVlcnkgPSAoCiAgICAgICAgcmVhZF9zdHJlYW0ocmVhZCkKICAgICAgICAud3JpdGVTdHJlYW0uZm9ybWF0KCJub29wIikKICAgICAgICAucXVlcnlOYW1lKCJraW5lc2lzLXhhY2N0LXZhbGlkYXRlLSIgKyByZWFkWyJsYWJlbCJdLnJlcGxhY2UoIi8iLCAiLSIpKQogICAgICAgIC5vcHRpb24oImNoZWNrcG9pbnRMb2NhdGlvbiIsIGNoZWNrcG9pbnQpCiAgICAgICAgLnRyaWdnZXIoYXZhaWxhYmxlTm93PVRydWUpCiAgICAgICAgLnN0YXJ0KCkKICAgICkKICAgIHF1ZXJ5LmF3YWl0VGVybWluYXRpb24oKSAgIyByYWlzZXMgaWYgdGhlIHF1ZXJ5IGZhaWxlZCAoYXNzdW1pbmcgdGhlIHJvbGUsIGEgS2luZXNpcyBjYWxsKQogICAgYmF0Y2hlcyA9IHtwWyJiYXRjaElkIl06IHN1bShzb3VyY2VbIm51bUlucHV0Um93cyJdIGZvciBzb3VyY2UgaW4gcFsic291cmNlcyJdKSBmb3IgcCBpbiBxdWVyeS5yZWNlbnRQcm9ncmVzc30KICAgIGlmIGJhdGNoZXMgYW5kIG1pbihiYXRjaGVzKSA+IDA6ICAjIGEgbmV3IGNoZWNrcG9pbnQgc3RhcnRzIGF0IGJhdGNoIDA6IGVhcmxpZXIgdXBkYXRlcyB3ZXJlIGRyb3BwZWQKICAgICAgICBwcmludChmIntyZWFkWydsYWJlbCddfTogdGhlIHByb2dyZXNzIG9mIHRoZSBmaXJzdCB7bWluKGJhdGNoZXMpfSBiYXRjaGVzIHdhcyBkcm9wcGVkOyB0aGUgY291bnQgaXMgdG9vIGxvdyIpCiAgICByZXR1cm4gc3VtKGJhdGNoZXMudmFsdWVzKCkpCgoKIyBDT01NQU5EIC0tLS0tLS0tLS0KCiMgRWFjaCBxdWVyeSdzIGNoZWNrcG9pbnQgKERhdGFicmlja3M6ICJZb3UgbXVzdCBzcGVjaWZ5IHRoZSBjaGVja3BvaW50TG9jYXRpb24gb3B0aW9uIGJlZm9yZSB5b3UgcnVuIGEKIyBzdHJlYW1pbmcgcXVlcnkiKSBnb2VzIHRvIGEgZm9sZGVyIG9mIHRoaXMgcnVuIGJlbG93IENIRUNLUE9JTlRfUk9PVCwgcmVtb3ZlZCB3aGVuIHRoZSByZWFkcyBlbmQuCiMgU3RhbmRhcmQgYWNjZXNzIG1vZGUgcmVmdXNlcyBTcGFyayBhY2Nlc3MgdG8gdGhlIGRyaXZlcidzIGxvY2FsIGRpc2sgKCJXb3Jrc3BhY2VMb2NhbEZpbGVTeXN0ZW0gLSBsb2NhbAojIGZpbGVzeXN0ZW0gYWNjZXNzIGlzIGZvcmJpZGRlbiIpOiB0aGUgcm9vdCBpcyB0aGUgVW5pdHkgQ2F0YWxvZyB2b2x1bWUgdGhpcyBzdGFjayBjcmVhdGVkIGZvciB0aGUgY2hlY2twb2ludHMuCkNIRUNLUE9JTlRfUk9PVCA9ICIvVm9sdW1lcy9tYWluL2RlZmF1bHQva2luZXNpc194YWNjdF9jaGVja3BvaW50cyIKIyBBIHJ1biBtYXkgbmFtZSBhbm90aGVyIHJvb3QgaW4gdGhlIHdpZGdldCAoYSBqb2I6IGJhc2VfcGFyYW1ldGVycyksIGUuZy4gYSB2b2x1bWUgb2YgaXRzIG93bi4KZGJ1dGlscy53aWRnZXRzLnRleHQoImNoZWNrcG9pbnRfcm9vdCIsIENIRUNLUE9JTlRfUk9PVCwgIkNoZWNrcG9pbnQgcm9vdCIpCkNIRUNLUE9JTlRfUk9PVCA9IGRidXRpbHMud2lkZ2V0cy5nZXQoImNoZWNrcG9pbnRfcm9vdCIpLnJzdHJpcCgiLyIpCmlmIG9zLmVudmlyb24uZ2V0KCJEQVRBQlJJQ0tTX1JVTlRJTUVfVkVSU0lPTiIpIGFuZCBub3QgQ0hFQ0tQT0lOVF9ST09ULnN0YXJ0c3dpdGgoIi9Wb2x1bWVzLyIpOgogICAgIyBPbiBhIERhdGFicmlja3MgY2x1c3RlciAod2hpY2ggc2V0cyBEQVRBQlJJQ0tTX1JVTlRJTUVfVkVSU0lPTikgdGhpcyBub3RlYm9vayBydW5zIGluIHN0YW5kYXJkIGFjY2VzcyBtb2RlLgogICAgcmFpc2UgVmFsdWVFcnJvcigKICAgICAgICBmImNoZWNrcG9pbnQgcm9vdCB7Q0hFQ0tQT0lOVF9ST09UIXJ9IGlzIG5vdCBhIFVuaXR5IENhdGFsb2cgdm9sdW1lOiB0aGlzIGNsdXN0ZXIgcnVucyBpbiBzdGFuZGFyZCBhY2Nlc3MgIgogICAgICAgIGYibW9kZSwgd2hpY2ggcmVmdXNlcyBTcGFyayBhY2Nlc3MgdG8gbG9jYWwgcGF0aHMgKFdvcmtzcGFjZUxvY2FsRmlsZVN5c3RlbSAtIGxvY2FsIGZpbGVzeXN0ZW0gYWNjZXNzIGlzICIKICAgICAgICBmImZvcmJpZGRlbikuIFVzZSAvVm9sdW1lcy88Y2F0YWxvZz4vPHNjaGVtYT4vPHZvbHVtZT4gKGRlZmF1bHQ6IC9Wb2x1bWVzL21haW4vZGVmYXVsdC9raW5lc2lzX3hhY2N0X2NoZWNrcG9pbnRzKSIKICAgICkKY2hlY2twb2ludHMgPSBmIntDSEVDS1BPSU5UX1JPT1R9L2tpbmVzaXMteGFjY3QtdmFsaWRhdGUte3V1aWQudXVpZDQoKS5oZXh9IgpyZXN1bHRzID0gW10KdHJ5OgogICAgZm9yIGksIHJlYWQgaW4gZW51bWVyYXRlKFJFQURTKToKICAgICAgICByZXN1bHRzLmFwcGVuZCgocmVhZFsibGFiZWwiXSwgY291bnRfcmVjb3JkcyhyZWFkLCBmIntjaGVja3BvaW50c30ve2l9IikpKQpmaW5hbGx5OgogICAgdHJ5OgogICAgICAgIGRidXRpbHMuZnMucm0oY2hlY2twb2ludHMsIFRydWUpICAjIHRoZSBydW4ncyBmb2xkZXIgYW5kIGV2ZXJ5dGhpbmcgaW4gaXQKICAgIGV4Y2VwdCBFeGNlcHRpb24gYXMgZXJyOiAgIyB0aGUgY291bnRzIHN0YW5kOyB0aGUgZm9sZGVyIHN0YXlzIGZvciBpdHMgb3duZXIgdG8gcmVtb3ZlCiAgICAgICAgcHJpbnQoZiJub3RlOiB0aGUgY2hlY2twb2ludCBmb2xkZXIge2NoZWNrcG9pbnRzfSBjb3VsZCBub3QgYmUgcmVtb3ZlZCAoe3R5cGUoZXJyKS5fX25hbWVfX306IHtlcnJ9KSIpCgpBQ0NFU1MgPSB7cmVhZFsibGFiZWwiXTogcmVhZFsiYWNjZXNzIl0gZm9yIHJlYWQgaW4gUkVBRFN9CmVtcHR5ID0gW2xhYmVsIGZvciBsYWJlbCwgcmVjb3JkcyBpbiByZXN1bHRzIGlmIHJlY29yZHMgPT0gMF0KZm9yIGxhYmVsLCByZWNvcmRzIGluIHJlc3VsdHM6CiAgICBpZiByZWNvcmRzOgogICAgICAgIHByaW50KGYie2xhYmVsfToge3JlY29yZHN9IHJlY29yZHMgcmVhZCBmcm9tIHtGUk9NfSAoe0FDQ0VTU1tsYWJlbF19KTogYWNjZXNzIHdvcmtzIGFuZCBkYXRhIGFycml2ZWQuIikKICAgIGVsc2U6CiAgICAgICAgcHJpbnQoCiAgICAgICAgICAgIGYie2xhYmVsfTogTk8gUkVDT1JEUyBpbiB7RlJPTX0uIEFjY2VzcyB3b3JrcyAoZXZlcnkgS2luZXNpcyBjYWxsIHN1Y2NlZWRlZCksIGJ1dCBubyBkYXRhIHdhcyBzZWVuOiAiCiAgICAgICAgICAgIGYid3JpdGUgYSByZWNvcmQgdG8gdGhlIHN0cmVhbSBhbmQgcnVuIGFnYWluLCBvciB3aWRlbiB0aGUgd2luZG93LCB0byBzZWUgZGF0YSBhcnJpdmUuIgogICAgICAgICkKZGlzcGxheSgKICAgIHNwYXJrLmNyZWF0ZURhdGFGcmFtZSgKICAgICAgICBbKGxhYmVsLCByZWNvcmRzLCAicmVjb3JkcyByZWFkIiBpZiByZWNvcmRzIGVsc2UgIk5PIFJFQ09SRFMgaW4gdGhlIHdpbmRvdyIpIGZvciBsYWJlbCwgcmVjb3JkcyBpbiByZXN1bHRzXSwKICAgICAgICAic3RyZWFtIHN0cmluZywgcmVjb3JkcyBsb25nLCByZXN1bHQgc3RyaW5nIiwKICAgICkKKQpkYnV0aWxzLm5vdGVib29rLmV4aXQoanNvbi5kdW1wcyh7ImFjY2VzcyI6IEFDQ0VTUywgImZyb20iOiBGUk9NLCAicmVjb3JkcyI6IGRpY3QocmVzdWx0cyksICJub19yZWNvcmRzIjogZW1wdHl9KSkK"
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
resource "databricks_permissions" "databricks-validation_cluster-permissions_3384473B" {
  cluster_id = databricks_cluster.databricks-validation_cluster_FE3C7DBB.id
  access_control {
    group_name       = "analysts"
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
resource "databricks_volume" "checkpoint-volume_35011E31" {
  catalog_name = "main"
  comment      = "kinesis-xacct: streaming checkpoints of the Kinesis validation notebook (one folder per run, removed after)"
  name         = "kinesis_xacct_checkpoints"
  schema_name  = "default"
  volume_type  = "MANAGED"
  provider     = databricks
}
resource "databricks_grants" "checkpoint-volume_grants_B89F6465" {
  volume = databricks_volume.checkpoint-volume_35011E31.id
  grant {
    principal = "analysts"
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

output "cross-stack-output-databricks_credentialservice-credential_938ECB8Baws_iam_role0external_id" {
  value     = databricks_credential.service-credential_938ECB8B.aws_iam_role[0].external_id
  sensitive = true
}