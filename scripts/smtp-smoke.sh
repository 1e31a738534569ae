#!/usr/bin/env bash
# Sends every file of a directory to a fresh bounced with swaks and, separately, with Postfix's
# smtp-source, then checks that each daemon stored one row per distinct message.
# usage: scripts/smtp-smoke.sh DIR   (needs swaks, smtp-source, sqlite3; builds the release binary)
set -euo pipefail
dir=${1:?usage: $0 DIR}
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/bounced
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

files=()
while IFS= read -r -d '' f; do files+=("$f"); done < <(find "$dir" -maxdepth 1 -type f -print0 | sort -z)
[ ${#files[@]} -gt 0 ] || { echo "no files in $dir" >&2; exit 1; }
# Distinct messages after line-ending normalisation (both clients send CRLF lines).
expected=$(for f in "${files[@]}"; do tr -d '\r' <"$f" | sha256sum; done | sort -u | wc -l)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start() { # name → sets $port, $db
  port=$(free_port); db="$work/$1.db"
  "$bin" serve --listen "127.0.0.1:$port" --db "$db" 2>"$work/$1.log" &
  pids+=($!)
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return; sleep 0.1; done
  echo "bounced did not start" >&2; cat "$work/$1.log" >&2; exit 1
}

check() { # name client-failures
  local rows
  rows=$(sqlite3 "$db" 'SELECT count(*) FROM messages')
  printf '%-12s files=%d distinct=%d stored=%d client-failures=%d\n' "$1" "${#files[@]}" "$expected" "$rows" "$2"
  [ "$rows" -eq "$expected" ] && [ "$2" -eq 0 ]
}

status=0
start swaks
fail=0
for f in "${files[@]}"; do
  timeout 30 swaks --silent 2 --server "127.0.0.1:$port" --from '<>' --to "b@bounce.test" --data "@$f" >/dev/null 2>&1 || fail=$((fail + 1))
done
check swaks "$fail" || status=1

start smtp-source
fail=0
for f in "${files[@]}"; do
  timeout 30 smtp-source -F "$f" -f '' -t "b@bounce.test" "127.0.0.1:$port" >/dev/null 2>&1 || fail=$((fail + 1))
done
check smtp-source "$fail" || status=1
exit $status
