#!/usr/bin/env bash
# Top hot spots of a JFR recording (bench/run.sh -Dbench.jfr=true writes target/bench/<run>/unchanged-burst.jfr):
#   top frames (where the CPU samples were taken) and, inclusively, the project/library methods on the sampled stacks.
# Usage: bench/hotspots.sh <recording.jfr> [how many lines, default 25]
set -euo pipefail
rec="$1"; n="${2:-25}"
jfr summary "$rec" | sed -n '1,12p'
samples=$(mktemp)
jfr print --events jdk.ExecutionSample --stack-depth 64 "$rec" > "$samples"
total=$(grep -c 'jdk.ExecutionSample' "$samples" || true)
echo "execution samples: $total"
echo
echo "== top frames (self) =="
awk '/stackTrace = \[/{getline; sub(/^[ \t]+/,""); sub(/[ \t]+line:.*/,""); print}' "$samples" | sort | uniq -c | sort -rn | head -n "$n"
echo
echo "== inclusive: methods of io.fullscriptbridge, Camel, Hibernate/H2/JDBC, Artemis, Jackson, Spring on the stacks (once per sample) =="
awk '/stackTrace = \[/{inside=1; delete seen; next}
     inside && /^[ \t]*\]/{inside=0; next}
     inside {l=$0; sub(/^[ \t]+/,"",l); sub(/[ \t]+line:.*/,"",l); sub(/\(.*$/,"",l);
             if (l ~ /^(io\.fullscriptbridge|org\.apache\.camel\.(component|processor|support|impl\.engine)|org\.hibernate|org\.h2|com\.zaxxer|org\.apache\.activemq\.artemis\.core\.(persistence|journal|server\.impl)|com\.fasterxml\.jackson\.databind\.ObjectMapper|org\.springframework\.(jms|transaction|orm))/ && !(l in seen)) {seen[l]=1; print l}}' "$samples" \
  | sort | uniq -c | sort -rn | head -n "$n"
echo
echo "== cost centres: the innermost frame of a known library, by thread =="
awk -f "$(dirname "$0")/categories.awk" "$samples" | sort | uniq -c | sort -rn | head -n "$n"
echo
echo "== samples by thread (top 10) =="
grep 'sampledThread = ' "$samples" | sed 's/(javaThreadId.*//; s/#[0-9]*//g; s/[0-9]\+/N/g' | sort | uniq -c | sort -rn | head -10
rm -f "$samples"
