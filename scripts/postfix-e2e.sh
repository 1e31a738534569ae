#!/usr/bin/env bash
# End to end with a real MTA: a private Postfix instance (loopback only, its own config and queue
# under a temp dir, no port 25) relays three messages to smtp-sink instances that reject them with
# 550 5.1.1, 552 5.2.2 and 554 5.7.1. Postfix itself writes the DSNs and delivers them to bounced,
# whose person rows are then checked. Then the README's "Postfix already owns port 25" recipe: a
# DSN from outside, sent to Postfix's smtpd for the bounce domain (relay_domains + transport_maps),
# is relayed to bounced unchanged (null sender kept).
# usage: scripts/postfix-e2e.sh   (root; needs postfix, swaks, sqlite3; builds the release binary)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/private-postfix.sh
cargo build --release --quiet
bin=$PWD/target/release/bounced
work=$(mktemp -d /tmp/bounced-e2e.XXXXXX)
chmod 755 "$work"
etc=$work/etc
sinks=()
cleanup() {
  postfix -c "$etc" stop >/dev/null 2>&1 || true
  for p in "${sinks[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "${daemon:-}" ] && kill "$daemon" 2>/dev/null || true
  [ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return; sleep 0.1; done; echo "nothing listens on $1" >&2; exit 1; }

# bounced, accepting the bounce domain only.
b_port=$(free_port)
printf '[smtp]\nlisten = ["127.0.0.1:%s"]\nhostname = "bounce-mx.test"\ndomains = ["bounce.test"]\n[store]\npath = "%s"\n' \
  "$b_port" "$work/bounced.db" >"$work/bounced.toml"
"$bin" serve --config "$work/bounced.toml" 2>"$work/bounced.log" &
daemon=$!
wait_port "$b_port"

# Three sinks, each rejecting every RCPT with its own reply.
declare -A sink_port
for kind in hard full spam; do
  case $kind in
    hard) reply="550 5.1.1 <user@hard.test>: Recipient address rejected: User unknown in virtual mailbox table" ;;
    full) reply="552 5.2.2 <user@full.test>: Mailbox full, quota exceeded" ;;
    spam) reply="554 5.7.1 Service unavailable; Client host [127.0.0.1] blocked using a DNS blocklist" ;;
  esac
  port=$(free_port)
  smtp-sink -u postfix -h "sink-$kind.test" -f RCPT -B "$reply" "127.0.0.1:$port" 10 &
  sinks+=($!)
  sink_port[$kind]=$port
  wait_port "$port"
done

# A private Postfix: its own config and queue, an smtpd on a loopback port, no port 25.
p_port=$(free_port)
mkdir -p "$etc"
cat >"$etc/transport" <<TRANSPORT
hard.test    smtp:[127.0.0.1]:${sink_port[hard]}
full.test    smtp:[127.0.0.1]:${sink_port[full]}
spam.test    smtp:[127.0.0.1]:${sink_port[spam]}
bounce.test  smtp:[127.0.0.1]:$b_port
TRANSPORT
private_postfix "$work" "$p_port" <<MAIN
# README, "Postfix alongside": the bounce domain is relayed to bounced on a loopback port.
relay_domains = bounce.test
transport_maps = texthash:$etc/transport
MAIN
wait_port "$p_port"

# Mail from a sender whose return path is a VERP address on the bounce domain.
for kind in hard full spam; do
  rcpt="user@$kind.test"
  swaks --silent 2 --server "127.0.0.1:$p_port" --helo sender.test \
    --from "bounces+user=$kind.test@bounce.test" --to "$rcpt" \
    --header "Subject: newsletter for $kind" --body "Hello $kind"
done

# A remote MTA's DSN for the bounce domain, arriving at Postfix's port as it would on port 25.
cat >"$work/remote-dsn.eml" <<DSN
From: Mail Delivery Subsystem <MAILER-DAEMON@mx.remote.test>
To: bounces+user=remote.test@bounce.test
Subject: Delivery Status Notification (Failure)
Date: $(date -u -R)
Message-ID: <remote-dsn-$$@mx.remote.test>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="R"

--R
Content-Type: text/plain

Delivery to user@remote.test failed permanently.
--R
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.remote.test

Final-Recipient: rfc822; user@remote.test
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 The email account that you tried to reach does not exist
--R--
DSN
swaks --silent 2 --server "127.0.0.1:$p_port" --helo mx.remote.test --from '<>' \
  --to "bounces+user=remote.test@bounce.test" --data "@$work/remote-dsn.eml"

# Wait (bounded) until Postfix has delivered its three DSNs and relayed the remote one to bounced.
for _ in $(seq 120); do
  n=$(sqlite3 "$work/bounced.db" 'SELECT count(*) FROM events' 2>/dev/null || echo 0)
  [ "$n" -ge 4 ] && break
  sleep 0.5
done

echo "== what bounced recorded from Postfix's DSNs"
sqlite3 -header -column "$work/bounced.db" \
  "SELECT email, kind, action, status, reply_code, reason, category, trust, changed FROM events ORDER BY email"
echo "== person rows"
sqlite3 -header -column "$work/bounced.db" \
  "SELECT email, email_invalid, email_suspended, soft_bounce_count, unsubscribed FROM people ORDER BY email"
echo "== one DSN as Postfix wrote it (hard.test)"
sqlite3 "$work/bounced.db" "SELECT raw FROM messages m JOIN events e ON e.message_id = m.id WHERE e.email = 'user@hard.test'" |
  tr -d '\r' | sed -n '1,/^Content-Type: text\/rfc822-headers/p' | grep -v '^$' | sed 's/^/    /'

fail=0
check() { # sql expected label
  got=$(sqlite3 "$work/bounced.db" "$1")
  if [ "$got" = "$2" ]; then echo "ok   $3"; else echo "FAIL $3: got '$got', want '$2'"; fail=1; fi
}
check "SELECT email_invalid FROM people WHERE email='user@hard.test'" 1 "550 5.1.1 → email_invalid"
check "SELECT soft_bounce_count || ',' || email_invalid FROM people WHERE email='user@full.test'" "1,0" "552 5.2.2 → soft bounce, not invalid"
check "SELECT email_suspended || ',' || email_invalid FROM people WHERE email='user@spam.test'" "1,0" "554 5.7.1 → suspended, not invalid"
check "SELECT email_invalid FROM people WHERE email='user@remote.test'" 1 "remote DSN relayed by Postfix (relay_domains + transport_maps) → email_invalid"
check "SELECT mail_from FROM messages m JOIN events e ON e.message_id = m.id WHERE e.email='user@remote.test'" "" "null sender kept through the relay"
check "SELECT count(*) FROM events" 4 "one event per bounced message"
[ $fail -eq 0 ] || { echo "--- postfix log"; tail -40 "$work/maillog" >&2 || true; }
exit $fail
