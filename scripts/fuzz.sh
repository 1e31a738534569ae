#!/bin/sh
# Runs each cargo-fuzz target (fuzz/) for RUNS inputs (default 10,000,000), one job, one worker,
# and prints per target: inputs executed, seconds, crashes.
#   scripts/fuzz.sh [RUNS] [TARGET...]
# Seeds come from fuzz/seeds/<target>/; the working corpus grows in fuzz/corpus/<target>/
# (ignored by git). EXTRA_CORPUS=/ABSOLUTE/DIR adds a read-only corpus directory (for example the
# development corpus's eml/ folder) to the analyze target's inputs. Crashing inputs land in
# fuzz/artifacts/<target>/. SANITIZER=none builds without AddressSanitizer (about 3x the inputs per
# second; the crate has no unsafe code of its own); MAX_LEN=N caps the input size.
set -eu
cd "$(dirname "$0")/../fuzz"
RUNS=${1:-10000000}
[ $# -gt 0 ] && shift
TARGETS=${*:-delivery_status analyze smtp_session config}

command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
san=${SANITIZER:-address}
(cd .. && cargo +nightly fuzz build -O -s "$san") >/dev/null 2>&1 || (cd .. && cargo +nightly fuzz build -O -s "$san")

bin=target/x86_64-unknown-linux-gnu/release
status=0
for t in $TARGETS; do
    mkdir -p "corpus/$t" "artifacts/$t"
    extra=""
    [ -n "${MAX_LEN:-}" ] && extra="-max_len=$MAX_LEN"
    if [ "$t" = analyze ] && [ -n "${EXTRA_CORPUS:-}" ]; then extra="$extra $EXTRA_CORPUS"; fi
    before=$(ls "artifacts/$t" | wc -l)
    log=$(mktemp)
    start=$(date +%s.%N)
    # With -jobs=1 libFuzzer runs the target in a child that logs to ./fuzz-0.log (here, fuzz/)
    # and prints that log when the child ends. -runs counts inputs executed; a crash stops the target early (see the log).
    # shellcheck disable=SC2086
    "$bin/$t" -jobs=1 -workers=1 -runs="$RUNS" -artifact_prefix="artifacts/$t/" \
        "corpus/$t" "seeds/$t" $extra >"$log" 2>&1 || status=1
    end=$(date +%s.%N)
    after=$(ls "artifacts/$t" | wc -l)
    done_line=$(grep -E '^Done [0-9]+ runs' "$log" || true)
    inputs=$(echo "$done_line" | awk '{print $2}')
    if [ -z "$inputs" ]; then
        inputs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
    fi
    secs=$(echo "$start $end" | awk '{printf "%.0f", $2 - $1}')
    printf '%-16s inputs %s  seconds %s  exec/s %s  crashes %s\n' "$t" "${inputs:-0}" "$secs" \
        "$(echo "${inputs:-0} $secs" | awk '{ if ($2 > 0) printf "%.0f", $1 / $2; else print 0 }')" \
        "$((after - before))"
    if [ "$after" -gt "$before" ]; then
        grep -E 'panicked|SUMMARY|ERROR' "$log" | head -5
        echo "  log: $log"
    else
        rm -f "$log"
    fi
done
exit $status
