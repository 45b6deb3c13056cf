#!/usr/bin/env bash
# Prepares PostgreSQL 15 for Slipway's storage tests on a Debian machine: installs Debian's postgresql package when
# missing, starts the cluster, and creates the role slipway (password slipway) and the database slipway_test.
# Every step is safe to repeat. Run as root.
set -euo pipefail

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "setup-postgres: installing postgresql"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
fi
if ! pg_lsclusters --no-header | grep -Eq '^15 +main +[0-9]+ +online'; then
    echo "setup-postgres: starting cluster 15/main"
    pg_ctlcluster 15 main start
fi
runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 <<'SQL'
SELECT 'CREATE ROLE slipway LOGIN PASSWORD ''slipway'''
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'slipway') \gexec
SELECT 'CREATE DATABASE slipway_test OWNER slipway'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'slipway_test') \gexec
SQL
echo "setup-postgres: role slipway and database slipway_test are ready"
