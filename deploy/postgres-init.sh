#!/bin/sh
# First start of the postgres container (docker-entrypoint-initdb.d): the application's
# role, which owns no table and cannot bypass row-level security (docs/DATABASE.md). The
# tables' owner is POSTGRES_USER, which migrates; the app logs in as this role.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE township_app LOGIN PASSWORD '${APP_DB_PASSWORD}' NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB;
GRANT CONNECT ON DATABASE "$POSTGRES_DB" TO township_app;
SQL
