#!/usr/bin/env python3
"""Feeds every message of the development corpus to a fresh bounced over SMTP (swaks), then
compares the events it recorded with the corpus labels: one event per labelled recipient.

usage: scripts/corpus-over-smtp.py [CORPUS_DIR]   (default ../shared/corpus; needs swaks)
Each file is sent to its own envelope recipient so its events can be found again. Files whose
bytes equal an earlier file's are acknowledged and applied once (by design), so their labels are
counted apart. Exits 1 when a non-duplicate labelled recipient got no event.
"""
import collections, csv, os, socket, sqlite3, subprocess, sys, tempfile, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
corpus = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "corpus")
subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=root, check=True)
bin_path = os.path.join(root, "target", "release", "bounced")

labels = collections.defaultdict(list)
for row in csv.DictReader(open(os.path.join(corpus, "labels.csv"))):
    labels[row["file"]].append(row)
eml = os.path.join(corpus, "eml")
files = sorted(f for f in os.listdir(eml) if f.endswith(".eml"))

with tempfile.TemporaryDirectory() as work:
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    db = os.path.join(work, "bounced.db")
    log = open(os.path.join(work, "bounced.log"), "w")
    daemon = subprocess.Popen([bin_path, "serve", "--listen", f"127.0.0.1:{port}", "--db", db], stderr=log)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close(); break
            except OSError:
                time.sleep(0.1)
        failed_sends = []
        for i, f in enumerate(files):
            r = subprocess.run(["swaks", "--silent", "2", "--server", f"127.0.0.1:{port}", "--from", "<>",
                                "--to", f"corpus-{i}@bounce.test", "--data", "@" + os.path.join(eml, f)],
                               capture_output=True, timeout=30)
            if r.returncode != 0:
                failed_sends.append(f)
        con = sqlite3.connect(db)
        stored = {}
        for mid, rcpt in con.execute("SELECT id, rcpt_to FROM messages"):
            idx = int(rcpt.split("corpus-")[1].split("@")[0])
            stored[files[idx]] = mid
        events = collections.defaultdict(list)
        for mid, email, reason, category in con.execute(
                "SELECT message_id, email, reason, category FROM events ORDER BY id"):
            events[mid].append((email, reason, category))
    finally:
        daemon.terminate(); daemon.wait()

n_labels = sum(len(v) for v in labels.values())
dup_labels = sum(len(labels[f]) for f in files if f not in stored)
matched = reason_ok = 0
missing, extra, wrong_reason = [], [], []
for f in files:
    if f not in stored:
        continue
    evs = list(events.get(stored[f], []))
    for lab in labels.get(f, []):
        want = lab["recipient"].lower()
        hit = next((e for e in evs if e[0] == want), None) if want else (evs[0] if evs else None)
        if hit is None:
            missing.append(f"{f}: {want or '(no recipient)'} ({lab['reason']})")
            continue
        evs.remove(hit)
        matched += 1
        if hit[1] == lab["reason"]:
            reason_ok += 1
        else:
            wrong_reason.append(f"{f}: {hit[0]} label {lab['reason']} got {hit[1]}")
    extra += [f"{f}: {e[0]} ({e[1]})" for e in evs]

total_events = sum(len(v) for v in events.values())
print(f"files sent: {len(files)}, send failures: {len(failed_sends)}, messages stored: {len(stored)}"
      f" ({len(files) - len(stored)} byte-identical to an earlier file)")
print(f"labelled recipients: {n_labels}, in duplicate files: {dup_labels}, to match: {n_labels - dup_labels}")
print(f"events: {total_events}; labelled recipients with an event: {matched}; same reason: {reason_ok}")
print(f"labelled recipients without an event: {len(missing)}; events without a label: {len(extra)}")
for title, items in (("no event", missing), ("unlabelled event", extra), ("reason differs", wrong_reason)):
    for item in items[:40]:
        print(f"  {title}: {item}")
sys.exit(1 if missing or failed_sends else 0)
