#!/usr/bin/env bash
# Builds the Debian package (target/debian/bounced_*.deb) and checks what it holds.
#
# The man page comes from the binary itself (`bounced man`), and the unit is
# systemd/bounced.service with the package's paths (/usr/bin, /usr/share/doc) in place of the
# /usr/local ones of a hand install. Exits non-zero when the binary, the unit, the config (as a
# conffile) or the man page is missing from the package.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo-deb >/dev/null 2>&1; then
  cargo install cargo-deb --locked
fi

cargo build --release --locked
assets=target/deb-assets
mkdir -p "$assets"
target/release/bounced man > "$assets/bounced.1"
sed 's#/usr/local/#/usr/#g' systemd/bounced.service > "$assets/bounced.service"
if ! grep -q '^ExecStart=/usr/bin/bounced ' "$assets/bounced.service"; then
  echo "build-deb: the packaged unit does not start /usr/bin/bounced" >&2
  exit 1
fi

rm -f target/debian/bounced_*.deb
# Stripped: the release profile keeps line tables (debug = 1) for profiling, not for a package.
cargo deb --no-build --locked --strip
deb=$(ls target/debian/bounced_*.deb)

contents=$(dpkg -c "$deb")
status=0
for path in ./usr/bin/bounced \
            ./usr/lib/systemd/system/bounced.service \
            ./etc/bounced/config.toml \
            './usr/share/man/man1/bounced.1(.gz)?'; do
  if ! grep -Eq " ${path}\$" <<<"$contents"; then
    echo "build-deb: $deb lacks ${path}" >&2
    status=1
  fi
done
if ! dpkg-deb --info "$deb" conffiles | grep -qx /etc/bounced/config.toml; then
  echo "build-deb: /etc/bounced/config.toml is not a conffile" >&2
  status=1
fi
if ! dpkg-deb --info "$deb" postinst | grep -q 'install -d -m 700 /etc/bounced/secrets'; then
  echo "build-deb: the postinst does not create /etc/bounced/secrets (the unit needs it)" >&2
  status=1
fi
if [ "$status" = 0 ]; then
  echo "build-deb: $deb holds the binary, the unit, the config (conffile) and the man page"
fi
exit "$status"
