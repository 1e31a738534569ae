#!/usr/bin/env bash
# Checks systemd/bounced.service: `systemd-analyze verify` must pass (its man page installed), and the exposure score of
# `systemd-analyze security` must be at most 2.0. Installs the release binary where the unit
# expects it (/usr/local/bin/bounced), as the deployment steps in README.md do.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
install -m 755 target/release/bounced /usr/local/bin/bounced
# The unit's Documentation=man:bounced(1), which verify opens with man(1): installed as README says.
install -d -m 755 /usr/local/share/man/man1
/usr/local/bin/bounced man >/usr/local/share/man/man1/bounced.1
mandb -q 2>/dev/null || true
systemd-analyze verify systemd/bounced.service
echo "systemd-analyze verify: ok"
score=$(systemd-analyze security --offline=true systemd/bounced.service 2>/dev/null |
  sed -n 's/.*Overall exposure level for bounced.service: \([0-9.]*\).*/\1/p')
echo "systemd-analyze security: exposure $score (target <= 2.0)"
awk -v s="$score" 'BEGIN { exit !(s != "" && s <= 2.0) }'
