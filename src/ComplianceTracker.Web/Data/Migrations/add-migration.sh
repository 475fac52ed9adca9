#!/usr/bin/env bash
# Adds one migration to all three providers and regenerates the DBA scripts in deploy/sql/.
#   bash src/ComplianceTracker.Web/Data/Migrations/add-migration.sh AddReportForms
# Run from anywhere; needs only the .NET SDK (dotnet-ef is a local tool, restored here).
set -euo pipefail
name="${1:?usage: add-migration.sh MigrationName}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)"
cd "$root"
dotnet tool restore >/dev/null
project=src/ComplianceTracker.Web/ComplianceTracker.Web.csproj
dotnet build "$project" -nologo -v q >/dev/null

for pair in Sqlite:SqliteComplianceDbContext Postgres:PostgresComplianceDbContext SqlServer:SqlServerComplianceDbContext; do
  folder="${pair%%:*}"; context="${pair##*:}"
  echo "== $context"
  dotnet ef migrations add "$name" --no-build --project "$project" --context "$context" --output-dir "Data/Migrations/$folder"
done

bash "$root/src/ComplianceTracker.Web/Data/Migrations/script-sql.sh"
