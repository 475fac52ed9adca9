#!/bin/bash
# Creates the application's database and login when missing, then applies deploy/sql/sqlserver.sql (idempotent:
# each migration runs only if __EFMigrationsHistory does not list it yet). Runs in the mssql/server image, whose
# sqlcmd is /opt/mssql-tools18/bin/sqlcmd.
# Environment: DB_HOST, MSSQL_SA_PASSWORD, COMPLIANCE_DB_NAME, COMPLIANCE_DB_USER, COMPLIANCE_DB_PASSWORD.
set -euo pipefail

sqlcmd=/opt/mssql-tools18/bin/sqlcmd
[ -x "$sqlcmd" ] || sqlcmd=/opt/mssql-tools/bin/sqlcmd
export SQLCMDPASSWORD="$MSSQL_SA_PASSWORD"
# -C trust the server's self-signed certificate, -b stop at the first error, -I QUOTED_IDENTIFIER ON (the filtered
# indexes of the script need it), -f 65001 read files as UTF-8.
run() { "$sqlcmd" -S "${DB_HOST:-sqlserver}" -U sa -C -b -I -f 65001 "$@"; }

bootstrap=$(mktemp)
trap 'rm -f "$bootstrap"' EXIT
cat > "$bootstrap" <<'SQL'
IF DB_ID(N'$(DbName)') IS NULL CREATE DATABASE [$(DbName)];
GO
IF SUSER_ID(N'$(AppUser)') IS NULL
    CREATE LOGIN [$(AppUser)] WITH PASSWORD = N'$(AppPassword)', DEFAULT_DATABASE = [$(DbName)], CHECK_POLICY = ON;
ELSE
    ALTER LOGIN [$(AppUser)] WITH PASSWORD = N'$(AppPassword)';
GO
USE [$(DbName)];
GO
IF USER_ID(N'$(AppUser)') IS NULL CREATE USER [$(AppUser)] FOR LOGIN [$(AppUser)];
-- db_owner of its own database only: the app creates Hangfire's tables (schema HangFire) at its first start.
ALTER ROLE db_owner ADD MEMBER [$(AppUser)];
GO
SQL

echo "== database [$COMPLIANCE_DB_NAME] and login [$COMPLIANCE_DB_USER]"
run -v DbName="$COMPLIANCE_DB_NAME" AppUser="$COMPLIANCE_DB_USER" AppPassword="$COMPLIANCE_DB_PASSWORD" -i "$bootstrap"

echo "== applying sqlserver.sql"
# -x: no sqlcmd variable substitution inside the generated script.
run -d "$COMPLIANCE_DB_NAME" -x -i /sql/sqlserver.sql
run -d "$COMPLIANCE_DB_NAME" -h -1 -W -Q "SET NOCOUNT ON; SELECT CONCAT(COUNT(*), ' migrations applied, last ', MAX(MigrationId)) FROM __EFMigrationsHistory;"
