#!/usr/bin/env bash
# The bridge benchmark (issue 12, docs/benchmarks.md): builds the jar, starts it and the simulator as processes of
# their own on 127.0.0.1, drives them, stops them, and prints target/bench/report.md. Not part of `mvn verify`.
# Settings as -D options, e.g.  bench/run.sh -Dbench.messages=200 -Dbench.jfr=true -Dbench.jvmArgs="-Xss512k"
set -euo pipefail
cd "$(dirname "$0")/.."
echo "load before: $(uptime)"
mvn -B -ntp verify -Pbench -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=BridgeBenchmarkIT -Dfailsafe.failIfNoSpecifiedTests=false "$@"
echo "load after: $(uptime)"
cat target/bench/report.md
