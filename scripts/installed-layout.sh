#!/usr/bin/env bash
# The installed layout of README's "Deployment", run as an unprivileged user (uid 65534) the way
# the unit runs bounced under DynamicUser=yes:
#   /etc/bounced            root 0755   config.toml root 0644 (no secrets in it)
#   /etc/bounced/secrets    root 0700   verp.secret, privkey.pem, fullchain.pem root 0600
#   /var/lib/bounced        service user 0750 (StateDirectory=)
# Without credentials the service user must not be able to read a secret (and says which file);
# with the credentials directory systemd makes for LoadCredential=secrets:/etc/bounced/secrets
# (one file per secret, named secrets_<file>, owned by the service user, read-only) check-config,
# verp encode and serve work, STARTTLS included, and a DSN is applied.
# No systemd runs here, so the credentials directory is laid out by this script as systemd does.
# usage: scripts/installed-layout.sh   (root; needs swaks, openssl, setpriv; builds release)
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "installed-layout: needs root to create root-owned files" >&2; exit 1; }
cargo build --release --quiet

root=$(mktemp -d /tmp/bounced-layout.XXXXXX)
chmod 755 "$root"
daemon=
cleanup() {
  [ -n "$daemon" ] && kill "$daemon" 2>/dev/null || true
  [ -n "${KEEP:-}" ] && echo "kept $root" || rm -rf "$root"
}
trap cleanup EXIT
fail() { echo "installed-layout: FAIL: $*" >&2; exit 1; }
svc=65534
as_service() { setpriv --reuid=$svc --regid=$svc --clear-groups --inh-caps=-all "$@"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return; sleep 0.1; done; fail "nothing listens on $1"; }

# The files, with README's owners and modes.
install -d -m 755 "$root/usr/local/bin" "$root/etc/bounced" "$root/var/lib"
install -m 755 target/release/bounced "$root/usr/local/bin/bounced"
bin=$root/usr/local/bin/bounced
etc=$root/etc/bounced
install -d -m 700 "$etc/secrets"
port=$(free_port)
cat >"$root/config.toml" <<EOF
[smtp]
listen = ["127.0.0.1:$port"]
hostname = "bounce-mx.test"
domains = ["bounce.test"]
[store]
path = "$root/var/lib/bounced/bounced.db"
[verp]
mode = "require"
secret_file = "secrets/verp.secret"
[tls]
cert = "secrets/fullchain.pem"
key = "secrets/privkey.pem"
EOF
install -m 644 "$root/config.toml" "$etc/config.toml"
(umask 077
 head -c 32 /dev/urandom | base64 >"$etc/secrets/verp.secret"
 openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=bounce-mx.test \
   -keyout "$etc/secrets/privkey.pem" -out "$etc/secrets/fullchain.pem" 2>/dev/null)
install -d -m 750 -o $svc -g $svc "$root/var/lib/bounced"

# 1. The service user cannot read the secrets themselves; the error names the file.
if out=$(as_service "$bin" check-config --config "$etc/config.toml" 2>&1); then
  fail "the service user read /etc/bounced/secrets without credentials"
fi
grep -q "secrets/" <<<"$out" || fail "error does not name the secret file: $out"
echo "ok: without credentials the service user is refused: $(head -1 <<<"$out")"

# 2. The credentials directory systemd makes for LoadCredential=secrets:/etc/bounced/secrets.
creds=$root/run/credentials/bounced.service
install -d -m 500 -o $svc -g $svc "$creds"
for f in "$etc"/secrets/*; do
  install -m 400 -o $svc -g $svc "$f" "$creds/secrets_$(basename "$f")"
done
export CREDENTIALS_DIRECTORY=$creds
as_service "$bin" check-config --config "$etc/config.toml" >/dev/null ||
  fail "check-config as the service user with credentials"
echo "ok: check-config as uid $svc with \$CREDENTIALS_DIRECTORY"
rp=$(as_service "$bin" verp encode --config "$etc/config.toml" alice@example.com)
[[ $rp == bounces+*+alice=example.com@* ]] || fail "verp encode printed: $rp"
echo "ok: verp encode signs with the credential: $rp"

# 3. serve as the service user: database in the state directory, STARTTLS with the credential key.
(cd "$root/var/lib/bounced" && exec setpriv --reuid=$svc --regid=$svc --clear-groups --inh-caps=-all \
  "$bin" serve --config "$etc/config.toml" 2>"$root/serve.log") &
daemon=$!
wait_port "$port"
rcpt=${rp%@*}@bounce.test
msg=$root/dsn.eml
cat >"$msg" <<EOF
From: MAILER-DAEMON@mx.example.com
To: $rcpt
Subject: Undelivered Mail Returned to Sender
Date: $(date -u -R)
Message-ID: <layout-$$@mx.example.com>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

Your message could not be delivered.
--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.com

Final-Recipient: rfc822; alice@example.com
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <alice@example.com>: Recipient address rejected: User unknown
--B--
EOF
swaks --server 127.0.0.1 --port "$port" --tls --from '<>' --to "$rcpt" --data "@$msg" \
  >"$root/swaks.log" 2>&1 || { cat "$root/swaks.log" "$root/serve.log" >&2; fail "swaks with STARTTLS"; }
echo "ok: serve as uid $svc took a DSN over STARTTLS"
invalid=$(as_service "$bin" person alice@example.com --json --db "$root/var/lib/bounced/bounced.db" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["email_invalid"])')
[ "$invalid" = 1 ] || [ "$invalid" = True ] || fail "alice is not invalid: $invalid"
owner=$(stat -c %u "$root/var/lib/bounced/bounced.db")
[ "$owner" = $svc ] || fail "database owned by $owner, not the service user"
echo "ok: alice@example.com invalid (verified VERP), database owned by uid $svc"
kill -TERM "$daemon"
wait "$daemon" || fail "serve did not exit 0 on SIGTERM"
daemon=
echo "installed-layout: all checks passed"
