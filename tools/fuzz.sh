#!/usr/bin/env bash
# tools/fuzz.sh [SECONDS] [NAME...] — run each libFuzzer harness
# (build/fuzz/fuzz_NAME, from fuzz/fuzz_NAME.c) for SECONDS (default 600)
# over the seed corpus in fuzz/corpus/NAME/.  New inputs found go to
# build/fuzz/corpus-NAME/ (kept between runs, never committed); a crash, leak
# or sanitizer report leaves its input in build/fuzz/crash-NAME/ and prints
# "not ok".  One "ok"/"not ok" line per harness (make fuzz; make test runs 20 s).
#   Reproduce: build/fuzz/fuzz_NAME build/fuzz/crash-NAME/<file>
set -uo pipefail
cd "$(dirname "$0")/.."
secs=${1:-600}
shift || true
names=("$@")
if (( ${#names[@]} == 0 )); then
  for f in fuzz/fuzz_*.c; do n=${f#fuzz/fuzz_}; names+=("${n%.c}"); done
fi
rc=0
for n in "${names[@]}"; do
  bin=build/fuzz/fuzz_$n
  if [[ ! -x $bin ]]; then echo "not ok - fuzz $n: $bin not built (make fuzzers)"; rc=1; continue; fi
  work=build/fuzz/corpus-$n crash=build/fuzz/crash-$n log=build/fuzz/fuzz-$n.log
  mkdir -p "$work" "$crash"
  # one process, no forks: -max_total_time bounds it; the 64 KiB -max_len
  # covers a whole form or JSON body; 2 s per input at most
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$bin" -max_total_time="$secs" -max_len=65536 -timeout=2 -rss_limit_mb=1024 \
      -print_final_stats=1 -close_fd_mask=2 -artifact_prefix="$crash/" "$work" "fuzz/corpus/$n" \
      >"$log" 2>&1
  st=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
  if (( st == 0 )); then
    echo "ok - fuzz $n: ${runs:-?} inputs in ${secs}s, ${cov:-cov ?}, no crash, leak or sanitizer report"
  else
    echo "not ok - fuzz $n (exit $st): see $log and $crash/"
    grep -E 'ERROR|SUMMARY|runtime error|Test unit written' "$log" | head -5 | sed 's/^/#   /'
    rc=1
  fi
done
exit $rc
