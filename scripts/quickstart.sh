#!/usr/bin/env bash
# Sets up what is missing (Docker engine, base image), builds Slipway, and starts the quickstart server in demo
# mode: it deploys samples/hello-app and logs the address where the application answers. Stop it with Ctrl-C.
# Extra arguments go to the server, for example --server.port=9090.
set -euo pipefail
cd "$(dirname "$0")/.."

export AXONIQ_UPDATE_CHECKER_DISABLED=true

bash scripts/setup-docker.sh
mvn -B -q install -DskipTests
exec java -jar samples/quickstart/target/quickstart.jar --spring.profiles.active=demo "$@"
