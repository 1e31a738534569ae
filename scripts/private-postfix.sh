# Sourced by the scripts that need a Postfix of their own: a private instance with its own
# config, queue and log under WORK, an smtpd on a loopback port and nothing on port 25.
# usage: private_postfix WORK PORT <<'EXTRA'   (extra main.cf lines on stdin)
#        ... postfix -c "$WORK/etc" stop
private_postfix() {
  local work=$1 port=$2 etc=$1/etc
  mkdir -p "$etc" "$work/spool" "$work/lib"
  chown postfix "$work/lib"
  {
    cat <<MAIN
compatibility_level = 3.6
queue_directory = $work/spool
data_directory = $work/lib
mail_owner = postfix
setgid_group = postdrop
myhostname = mta.test
mydomain = test
myorigin = mta.test
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
alias_maps =
alias_database =
local_recipient_maps =
smtp_tls_security_level = none
smtpd_tls_security_level = none
smtputf8_enable = no
maillog_file_prefixes = $work
maillog_file = $work/maillog
MAIN
    cat
  } >"$etc/main.cf"
  # Debian's master.cf without chroot, without the pipe services, smtpd on PORT instead of 25.
  awk -v port="$port" '
    /^#/ || /^[ \t]*$/ { next }
    /^maildrop/ { exit }
    /^smtp[ \t]+inet/ { print "127.0.0.1:" port " inet n - n - - smtpd"; next }
    /^[a-z]/ { $5 = "n" }
    { print }
  ' /usr/share/postfix/master.cf.dist >"$etc/master.cf"
  postfix -c "$etc" check 2>"$work/postfix-check.log" || { cat "$work/postfix-check.log" >&2; return 1; }
  postfix -c "$etc" start >/dev/null 2>&1 || { echo "postfix did not start:" >&2; tail -5 "$work/maillog" >&2; return 1; }
}
