#!/usr/bin/env bash
# Intake benchmark: bounced beside the MTAs around it, measured in one run on this machine.
#   smtp-sink   Postfix's test server: accepts and discards (the ceiling of the protocol)
#   Postfix     a private instance accepting into its queue with fsync, every message on hold
#   bounced     its defaults: 250 only after the message is committed and applied
# Load 1: Postfix's smtp-source -s 20 -m N -l 5120 -f '' (not DSNs), a new connection per
#         message and reused connections (-d); interleaved rounds, median msg/s.
# Load 2: our load generator (examples/loadgen.rs): real-looking DSNs, unique per message, so
#         each is parsed, classified, resolved and applied; PIPELINING, 20 sessions.
# Prints a table: msg/s, ratios, bounced's CPU seconds per 1,000 messages, latency from the end
# of DATA to the 250 (load 2), peak RSS; checks every acknowledged message is in the database.
# Loopback only, never port 25; each load is bounded by a message count and a timeout.
# usage: scripts/bench-intake.sh [MESSAGES] [ROUNDS]   (root; needs postfix, sqlite3, python3)
set -euo pipefail
messages=${1:-5000}
rounds=${2:-3}
dsns=$((messages * 4))
cd "$(dirname "$0")/.."
. scripts/private-postfix.sh
[ "$(id -u)" = 0 ] || { echo "bench-intake: needs root for a private Postfix" >&2; exit 1; }
cargo build --release --quiet --bin bounced --example loadgen
bin=$PWD/target/release/bounced
loadgen=$PWD/target/release/examples/loadgen
work=$(mktemp -d /tmp/bounced-bench.XXXXXX)
chmod 755 "$work"
etc=$work/postfix/etc
pids=()
cleanup() {
  postfix -c "$etc" stop >/dev/null 2>&1 || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 200); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return; sleep 0.1; done; echo "nothing listens on $1" >&2; exit 1; }
now() { date +%s.%N; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hwm_mb() { awk '/VmHWM/ {printf "%.1f", $2/1024}' "/proc/$1/status"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# smtp-sink
sink_port=$(free_port)
smtp-sink -u postfix "127.0.0.1:$sink_port" 256 >/dev/null 2>&1 &
pids+=($!)

# A private Postfix: relays the bounce domain, holds every message in its queue.
pf_port=$(free_port)
private_postfix "$work/postfix" "$pf_port" <<MAIN
relay_domains = bounce.test
smtpd_recipient_restrictions = check_recipient_access static:HOLD, permit_mynetworks, reject
default_process_limit = 200
smtpd_client_connection_count_limit = 0
smtpd_client_connection_rate_limit = 0
MAIN
wait_port "$pf_port"

# bounced on its defaults (a fresh database per load, so peak RSS is per load).
start_bounced() { # name
  b_port=$(free_port)
  b_db=$work/$1.db
  "$bin" serve --listen "127.0.0.1:$b_port" --db "$b_db" 2>"$work/$1.log" &
  b_pid=$!
  pids+=("$b_pid")
  wait_port "$b_port"
}
stop_bounced() {
  kill -TERM "$b_pid"
  wait "$b_pid" || true
}
rows() { sqlite3 "$b_db" "SELECT count(*) FROM messages"; }

hz=$(getconf CLK_TCK)
run_source() { # port extra-flags -> msg/s
  local t0 t1
  t0=$(now)
  timeout 300 smtp-source -s 20 -m "$messages" -l 5120 -f '' -t b@bounce.test $2 "127.0.0.1:$1" >/dev/null
  t1=$(now)
  echo "$messages / ($t1 - $t0)" | bc -l
}

declare -A rate
for load in new reused; do
  flags=""
  [ $load = reused ] && flags="-d"
  start_bounced "load1-$load"
  cpu0=$(cpu_ticks "$b_pid")
  before=$(rows)
  for r in $(seq "$rounds"); do
    rate[$load,sink,$r]=$(run_source "$sink_port" "$flags")
    rate[$load,postfix,$r]=$(run_source "$pf_port" "$flags")
    rate[$load,bounced,$r]=$(run_source "$b_port" "$flags")
  done
  stored=$(( $(rows) - before ))
  cpu=$(echo "($(cpu_ticks "$b_pid") - $cpu0) / $hz" | bc -l)
  rate[$load,cpu]=$(echo "$cpu * 1000 / ($messages * $rounds)" | bc -l)
  rate[$load,rss]=$(hwm_mb "$b_pid")
  rate[$load,stored]="$stored/$((messages * rounds))"
  stop_bounced
done

# Load 2: real DSNs, applied to people.
start_bounced load2
cpu0=$(cpu_ticks "$b_pid")
load2=()
for r in $(seq "$rounds"); do
  load2+=("$("$loadgen" "127.0.0.1:$b_port" "$dsns" 20 0)")
done
cpu=$(echo "($(cpu_ticks "$b_pid") - $cpu0) / $hz" | bc -l)
l2_rss=$(hwm_mb "$b_pid")
stop_bounced
l2_acked=$(printf '%s\n' "${load2[@]}" | python3 -c 'import json,sys; print(sum(json.loads(l)["acked"] for l in sys.stdin))')
l2_stored=$(sqlite3 "$b_db" "SELECT count(*) FROM messages")
l2_people=$(sqlite3 "$b_db" "SELECT count(*) FROM people")
l2_events=$(sqlite3 "$b_db" "SELECT count(*) FROM events")
field() { printf '%s\n' "${load2[@]}" | python3 -c "import json,sys; print('\n'.join(str(json.loads(l)['$1']) for l in sys.stdin))" | median; }

med() { for r in $(seq "$rounds"); do echo "${rate[$1,$2,$r]}"; done | median; }
echo
echo "== intake, median of $rounds interleaved rounds, $messages messages each (smtp-source -s 20 -l 5120 -f '')"
printf '| %-26s | %9s | %9s | %9s | %13s | %16s | %17s | %12s | %9s |\n' load smtp-sink Postfix bounced "bounced/sink" "bounced/Postfix" "CPU s/1k msgs" "peak RSS MB" stored
printf '|%s|\n' "----------------------------|-----------|-----------|-----------|---------------|------------------|-------------------|--------------|-----------"
for load in new reused; do
  s=$(med $load sink); p=$(med $load postfix); b=$(med $load bounced)
  label="new connection per message"; [ $load = reused ] && label="connections reused (-d)"
  printf '| %-26s | %9.0f | %9.0f | %9.0f | %13.2f | %16.2f | %17.3f | %12s | %9s |\n' "$label" "$s" "$p" "$b" \
    "$(echo "$b / $s" | bc -l)" "$(echo "$b / $p" | bc -l)" "${rate[$load,cpu]}" "${rate[$load,rss]}" "${rate[$load,stored]}"
done
echo
echo "== real DSNs (examples/loadgen: 20 sessions, PIPELINING, reused connections), $rounds rounds of $dsns"
printf '| %-9s | %9s | %9s | %13s | %12s | %15s |\n' "DSNs/s" "p50 ms" "p99 ms" "CPU s/1k msgs" "peak RSS MB" "acked/stored"
printf '| %9.0f | %9.2f | %9.2f | %13.3f | %12s | %15s |\n' "$(field rate)" "$(field p50_ms)" "$(field p99_ms)" \
  "$(echo "$cpu * 1000 / ($dsns * $rounds)" | bc -l)" "$l2_rss" "$l2_acked/$l2_stored"
echo "people=$l2_people events=$l2_events"
[ "$l2_acked" = "$l2_stored" ] || { echo "bench-intake: acknowledged $l2_acked but stored $l2_stored" >&2; exit 1; }
