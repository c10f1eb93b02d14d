#!/usr/bin/env bash
# bench/faults: the project's fault campaign (issue 14). The real kube-lego binary issues N certificates (default 20)
# in the sandbox cluster (API server + nginx + Pebble) against a faulty world: the API server answers 10% of all
# requests with 500 and 7.5% of writes with a spurious 409, cuts every watch after 5 events and keeps a 20-change
# watch history (410 Gone for late watchers); Pebble rejects 50% of good nonces. Meanwhile the controller is
# killed with SIGKILL K times (default 20) at random moments, each restarted at once. Prints the time to
# converge (every Secret holding a valid certificate with its key, verified against Pebble's root), orders
# placed and resumed, challenge objects and journal entries left, and whether a controller ever exited on its own.
#   bench/faults/run.sh [N] [K]
# Runs the same code as the bounded test (FaultCampaignTests, 4 certificates and 3 kills in the suite), debug build.
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/install-deps
export PATH="/usr/sbin:$PATH"
swift build --build-tests >/dev/null
FAULT_CAMPAIGN_CERTIFICATES="${1:-20}" FAULT_CAMPAIGN_KILLS="${2:-20}" \
  swift test --skip-build --filter FaultCampaignTests 2>&1 | grep -E "fault campaign:|✔|✘|recorded an issue"
