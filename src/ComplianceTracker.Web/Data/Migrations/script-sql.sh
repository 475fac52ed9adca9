#!/usr/bin/env bash
# Regenerates the idempotent SQL scripts DBAs apply: deploy/sql/sqlserver.sql and deploy/sql/postgresql.sql.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)"
cd "$root"
dotnet tool restore >/dev/null
project=src/ComplianceTracker.Web/ComplianceTracker.Web.csproj
dotnet build "$project" -nologo -v q >/dev/null
mkdir -p deploy/sql
dotnet ef migrations script --idempotent --no-build --project "$project" --context SqlServerComplianceDbContext --output deploy/sql/sqlserver.sql
dotnet ef migrations script --idempotent --no-build --project "$project" --context PostgresComplianceDbContext --output deploy/sql/postgresql.sql
echo "deploy/sql/ regenerated"
