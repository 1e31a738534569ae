#!/usr/bin/env bash
# Load figures for the intake path, printed, never asserted (the machines are shared and noisy):
#  1. peak RSS of the daemon while 200 clients each send a 1 MB message at once;
#  2. accept rate with `smtp-source -s 20 -m 20000 -l 5120 -f ''`.
# Loopback only; every load is bounded by a message count and a timeout.
# usage: scripts/intake-load.sh [MESSAGES]   (default 20000; needs smtp-source, sqlite3, /usr/bin/time)
set -euo pipefail
messages=${1:-20000}
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/bounced
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

run_daemon() { # name extra-args...
  local name=$1; shift
  port=$(free_port); db="$work/$name.db"
  /usr/bin/time -v -o "$work/$name.time" "$bin" serve --listen "127.0.0.1:$port" --db "$db" "$@" 2>"$work/$name.log" &
  daemon=$!
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return; sleep 0.1; done
  echo "bounced did not start" >&2; exit 1
}

stop_daemon() {
  kill -TERM "$(pgrep -P "$daemon" -x bounced)"
  wait "$daemon" || true
}

rss_mb() { awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$work/$1.time"; }

echo "== memory: 200 concurrent clients x 1 MB"
cfg="$work/mem.toml"
# Room for all 200 in the memory budget (a message counts four times its size); with the default
# 256 MiB most would get 452 4.3.1, which smtp-source treats as fatal.
printf '[smtp]\nmax_connections = 250\nmemory_budget = 1073741824\n' >"$cfg"
run_daemon idle --config "$cfg"
stop_daemon
run_daemon mem --config "$cfg"
start=$(date +%s.%N)
timeout 300 smtp-source -s 200 -m 200 -l 1048576 -f '' -t b@bounce.test "127.0.0.1:$port"
end=$(date +%s.%N)
stop_daemon
rows=$(sqlite3 "$db" 'SELECT count(*) FROM messages')
echo "stored=$rows/200 seconds=$(echo "$end - $start" | bc) peak_rss_idle_mb=$(rss_mb idle) peak_rss_under_load_mb=$(rss_mb mem)"

echo "== rate: smtp-source -s 20 -m $messages -l 5120 -f ''"
run_daemon rate
start=$(date +%s.%N)
timeout 600 smtp-source -s 20 -m "$messages" -l 5120 -f '' -t b@bounce.test "127.0.0.1:$port"
end=$(date +%s.%N)
wal=$(stat -c %s "$db-wal" 2>/dev/null || echo 0)
stop_daemon
rows=$(sqlite3 "$db" 'SELECT count(*) FROM messages')
secs=$(echo "$end - $start" | bc)
echo "stored=$rows/$messages seconds=$secs rate=$(echo "$rows / $secs" | bc) msg/s peak_rss_mb=$(rss_mb rate) wal_bytes_at_end=$wal"
