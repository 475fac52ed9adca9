#!/bin/sh
# Creates the application's role and database when missing, then applies deploy/sql/postgresql.sql as that role,
# so that the role owns every table (idempotent: each migration runs only if __EFMigrationsHistory does not list it
# yet). Runs in the postgres image (psql).
# Environment: PGHOST, PGPORT, POSTGRES_PASSWORD, COMPLIANCE_DB_NAME, COMPLIANCE_DB_USER, COMPLIANCE_DB_PASSWORD.
set -eu

export PGHOST="${PGHOST:-postgres}" PGPORT="${PGPORT:-5432}"

echo "== role $COMPLIANCE_DB_USER and database $COMPLIANCE_DB_NAME"
PGUSER="${POSTGRES_USER:-postgres}" PGPASSWORD="$POSTGRES_PASSWORD" psql -X -q -v ON_ERROR_STOP=1 -d postgres \
    -v app_user="$COMPLIANCE_DB_USER" -v app_password="$COMPLIANCE_DB_PASSWORD" -v db="$COMPLIANCE_DB_NAME" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'app_user') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'app_user') \gexec
SELECT format('ALTER ROLE %I PASSWORD %L', :'app_user', :'app_password') \gexec
SELECT format('CREATE DATABASE %I OWNER %I ENCODING ''UTF8'' TEMPLATE template0', :'db', :'app_user')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL

echo "== applying postgresql.sql"
export PGOPTIONS="-c client_min_messages=warning" PGUSER="$COMPLIANCE_DB_USER" PGPASSWORD="$COMPLIANCE_DB_PASSWORD" PGDATABASE="$COMPLIANCE_DB_NAME"
psql -X -q -v ON_ERROR_STOP=1 -f /sql/postgresql.sql
psql -X -A -t -c "SELECT count(*) || ' migrations applied, last ' || max(\"MigrationId\") FROM \"__EFMigrationsHistory\""
