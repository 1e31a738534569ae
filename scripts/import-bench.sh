#!/usr/bin/env bash
# Import and reprocess figures, printed, never asserted (the machines are shared and noisy):
#  1. `bounced import` of a synthetic mbox of MESSAGES corpus messages, each made unique by a
#     sequence header and a VERP Delivered-To of its own (so there are as many people as
#     single-recipient reports): messages/s and peak RSS;
#  2. `bounced reprocess` of the resulting database: messages/s and peak RSS.
# The mbox is built in a temporary directory at run time; no corpus file enters the repo.
# usage: scripts/import-bench.sh [MESSAGES]   (default 200000; needs ../shared/corpus, python3,
#        /usr/bin/time; the mbox takes about 1 GB per 200,000 messages)
set -euo pipefail
messages=${1:-200000}
cd "$(dirname "$0")/.."
corpus=$PWD/../shared/corpus
cargo build --release --quiet
bin=$PWD/target/release/bounced
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$corpus" "$messages" "$work/bench.mbox" <<'EOF'
import os, re, sys
corpus, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
sources = []
for root in (os.path.join(corpus, "eml"),):
    for name in sorted(os.listdir(root)):
        path = os.path.join(root, name)
        if os.path.isfile(path):
            sources.append(open(path, "rb").read().replace(b"\r\n", b"\n"))
quote = re.compile(rb"^(>*From )", re.M)
with open(out, "wb") as f:
    for i in range(n):
        body = sources[i % len(sources)]
        f.write(b"From MAILER-DAEMON Thu Sep 18 17:54:04 2008\n")
        f.write(b"Delivered-To: bounces+u%d=bench.example@bounce.example\n" % i)
        f.write(b"X-Bench-Seq: %d\n" % i)
        f.write(quote.sub(rb">\1", body))
        if not body.endswith(b"\n"):
            f.write(b"\n")
        f.write(b"\n")
EOF
size=$(du -m "$work/bench.mbox" | cut -f1)
echo "mbox: $messages messages, $size MiB"

rss_mb() { awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$1"; }
field() { python3 -c 'import json,sys; print(round(json.load(open(sys.argv[1]))[sys.argv[2]]))' "$1" "$2"; }

/usr/bin/time -v -o "$work/import.time" "$bin" import --db "$work/bench.db" --json "$work/bench.mbox" \
  > "$work/import.json"
echo "import: $(field "$work/import.json" read) messages in $(field "$work/import.json" seconds) s," \
  "$(field "$work/import.json" messages_per_second) messages/s, peak RSS $(rss_mb "$work/import.time") MiB"
echo "database: $(du -m "$work/bench.db" | cut -f1) MiB"

/usr/bin/time -v -o "$work/reprocess.time" "$bin" reprocess --db "$work/bench.db" --json \
  > "$work/reprocess.json"
echo "reprocess: $(field "$work/reprocess.json" messages_read) messages," \
  "$(field "$work/reprocess.json" people_examined) people in $(field "$work/reprocess.json" seconds) s," \
  "$(field "$work/reprocess.json" messages_per_second) messages/s, peak RSS $(rss_mb "$work/reprocess.time") MiB," \
  "$(field "$work/reprocess.json" people_changed) people changed"
