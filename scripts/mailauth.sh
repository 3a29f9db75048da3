#!/usr/bin/env bash
# Sender authentication for real in pactd's tests: OpenDKIM and OpenDMARC as
# milters of a loopback Postfix, with the keys and DMARC records served by a
# loopback DNS server (root, idempotent). scripts/mailtest.sh calls it after
# starting Dovecot and the main Postfix; run it alone with the same arguments:
#
#   scripts/mailauth.sh [start|stop]
#
# start installs opendkim, opendkim-tools, opendmarc and dnsmasq-base with
# apt-get when missing, makes a 2048-bit DKIM key for each test domain once
# (opendkim-genkey, selector "pactd"), then (re)starts:
#   dnsmasq    127.0.2.53:53, answering for the test domains only:
#              pactd._domainkey.ain.example.test and pactd._domainkey.evil.test
#              (the public keys), _dmarc.ain.example.test "p=reject",
#              _dmarc.evil.test "p=none"; it forwards nothing, so no lookup
#              leaves the machine;
#   OpenDKIM   three instances: 127.0.0.1:8891 signs mail From
#              ain.example.test (the territory's own server), 8892 signs all
#              mail as evil.test (a forger's server, with a valid key of its
#              own domain), 8893 verifies (the intake's server);
#   OpenDMARC  127.0.0.1:8894, the intake's server: reads OpenDKIM's result and
#              writes Authentication-Results with authserv-id mx.pactd.test;
#   Postfix    an instance of its own ($MAILTEST_DIR/postfix-auth), so that
#              the other tests' servers on :2525/:2526 are never touched:
#                127.0.0.1:2587 the territory's outgoing server: signs as
#                               ain.example.test, relays to :2625;
#                127.0.0.1:2588 the forger's outgoing server: signs as
#                               evil.test, relays to :2625;
#                127.0.0.1:2625 the intake's receiving server (mx.pactd.test):
#                               verifies DKIM, evaluates DMARC, writes
#                               Authentication-Results, delivers to Dovecot.
# Mail whose milters cannot be reached is refused with a temporary error, never
# passed unchecked. OpenDMARC reads the DMARC records from that DNS server;
# the verifying OpenDKIM reads the same public keys through its test option
# TestDNSData, because its resolver (libunbound) never asks a server on
# loopback. Both run with an /etc/resolv.conf of their own that names the test
# server only; the machine's resolver is left alone.
#
# The receiving OpenDKIM keeps its default of removing only the forged
# Authentication-Results that claim its authserv-id *and* carry a DKIM result
# (docs/MAIL.md advises RemoveARAll in production): forged headers with a DMARC
# result alone reach the mailbox, so that the tests show pactd itself ignores
# them.
set -euo pipefail
D=${MAILTEST_DIR:-/tmp/mailtest}
A=$D/auth
P=$D/postfix-auth
# OpenDKIM refuses a private key in a directory others may write to (/tmp).
K=${MAILTEST_DKIM_KEYS:-/var/lib/pactd-mailtest/dkim}
AUTHSERV_ID=mx.pactd.test
DNS_ADDR=127.0.2.53

# DAEMONS: each daemon this script starts, as "pid-file:command-name".
DAEMONS="$A/run/dnsmasq.pid:dnsmasq $A/run/opendkim-sign-ain.pid:opendkim $A/run/opendkim-sign-evil.pid:opendkim
  $A/run/opendkim-verify.pid:opendkim $A/run/opendmarc.pid:opendmarc"

# running PIDFILE COMM: prints the pid PIDFILE holds if it is still the COMM
# this script started (not another process that got the number since).
running() {
  local pid
  pid=$(cat "$1" 2>/dev/null || true)
  if [ -n "$pid" ] && [ "$(cat /proc/"$pid"/comm 2>/dev/null)" = "$2" ]; then echo "$pid"; fi
}

# stop_all stops the Postfix instance and every daemon of DAEMONS that still
# runs, all at once (OpenDKIM takes seconds to finish), and waits for them.
stop_all() {
  local d pid pids=""
  postfix -c "$P" stop 2>/dev/null || true
  for d in $DAEMONS; do
    pid=$(running "${d%%:*}" "${d##*:}")
    if [ -n "$pid" ]; then kill "$pid"; pids="$pids $pid"; fi
    rm -f "${d%%:*}"
  done
  for pid in $pids; do
    for _ in $(seq 150); do [ -d /proc/"$pid" ] || break; sleep 0.1; done
  done
}

if [ "${1:-start}" = stop ]; then
  stop_all
  exit 0
fi

PKGS="opendkim opendkim-tools opendmarc dnsmasq-base"
if [ "$(dpkg-query -W -f='${db:Status-Abbrev}\n' $PKGS 2>/dev/null | grep -c '^ii')" != 4 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $PKGS >/dev/null
fi

mkdir -p "$A/run" "$P" "$D/postfix-auth-spool"
install -d -m 755 "$(dirname "$K")"
install -d -o opendkim -g opendkim -m 750 "$K"
install -d -o postfix -g postfix -m 700 "$D/postfix-auth-data"
chmod 1777 "$A/run" # the milters (users opendkim, opendmarc) write their pid files there

# One key per domain, made once: tests and the DNS zone read the same files.
for dom in ain.example.test evil.test; do
  if [ ! -s "$K/$dom.private" ]; then
    opendkim-genkey -b 2048 -d "$dom" -s pactd -D "$K"
    mv "$K/pactd.private" "$K/$dom.private"
    mv "$K/pactd.txt" "$K/$dom.txt"
  fi
  chown opendkim:opendkim "$K/$dom.private" && chmod 600 "$K/$dom.private"
done

# txt_value FILE: the record opendkim-genkey wrote, as one string.
txt_value() { tr -d '\n' < "$1" | sed -e 's/^[^(]*(//' -e 's/).*$//' -e 's/"[[:space:]]*"//g' -e 's/[[:space:]]*"//' -e 's/"[[:space:]]*$//'; }

# no_inherit CMD...: runs CMD with only its standard streams open. OpenDKIM
# and OpenDMARC keep the descriptors they are given for as long as they run:
# one of them is the lock of the caller (flock /tmp/pactd-mail.lock ...), which
# they would then hold forever.
no_inherit() {
  (
    for fd in /proc/"$BASHPID"/fd/*; do
      n=${fd##*/}
      if [ "$n" -gt 2 ]; then eval "exec $n>&-"; fi
    done
    exec "$@"
  )
}

# in_test_dns CMD...: runs CMD in a mount namespace of its own whose
# /etc/resolv.conf names the test DNS server only (OpenDMARC resolves with the C
# library, which reads nothing else), so that no lookup of a test name leaves
# the machine and the machine's resolver is left alone.
in_test_dns() {
  no_inherit unshare --mount sh -c 'mount --bind "$0" /etc/resolv.conf && exec "$@"' "$A/resolv.conf" "$@"
}

cat > "$A/dnsmasq.conf" <<EOF
listen-address=$DNS_ADDR
bind-interfaces
port=53
no-resolv
no-hosts
no-poll
local=/test/
pid-file=$A/run/dnsmasq.pid
log-facility=$A/dnsmasq.log
txt-record=pactd._domainkey.ain.example.test,"$(txt_value "$K/ain.example.test.txt")"
txt-record=pactd._domainkey.evil.test,"$(txt_value "$K/evil.test.txt")"
txt-record=_dmarc.ain.example.test,"v=DMARC1; p=reject; adkim=r; aspf=r"
txt-record=_dmarc.evil.test,"v=DMARC1; p=none"
EOF

# The verifier's copy of the public keys (TestDNSData: record name, then TXT contents).
for dom in ain.example.test evil.test; do
  echo "pactd._domainkey.$dom $(txt_value "$K/$dom.txt" | tr -d ' \t')"
done > "$A/dkim-keys"
echo "nameserver $DNS_ADDR" > "$A/resolv.conf"
printf '%s\n' "127.0.0.1" > "$A/internal-hosts"
printf '%s\n' "192.0.2.1" > "$A/no-hosts" # a documentation address: nothing is internal or ignored

# opendkim_conf NAME PORT: a configuration file's common part.
opendkim_conf() {
  cat <<EOF
Syslog no
PidFile $A/run/opendkim-$1.pid
Socket inet:$2@127.0.0.1
UserID opendkim
UMask 007
Canonicalization relaxed/relaxed
OversignHeaders From
SignatureAlgorithm rsa-sha256
EOF
}
{ opendkim_conf sign-ain 8891
  echo "Mode s"
  echo "InternalHosts refile:$A/internal-hosts"
  echo "KeyTable file:$A/keytable"
  echo "SigningTable refile:$A/signing-ain"
} > "$A/opendkim-sign-ain.conf"
{ opendkim_conf sign-evil 8892
  echo "Mode s"
  echo "InternalHosts refile:$A/internal-hosts"
  echo "KeyTable file:$A/keytable"
  echo "SigningTable refile:$A/signing-evil"
} > "$A/opendkim-sign-evil.conf"
{ opendkim_conf verify 8893
  echo "Mode v"
  echo "AuthservID $AUTHSERV_ID"
  echo "InternalHosts refile:$A/no-hosts"
  echo "AlwaysAddARHeader yes"
  echo "TestDNSData file:$A/dkim-keys"
} > "$A/opendkim-verify.conf"
printf '%s\n' "ain ain.example.test:pactd:$K/ain.example.test.private" \
  "evil evil.test:pactd:$K/evil.test.private" > "$A/keytable"
printf '%s\n' "*@ain.example.test ain" > "$A/signing-ain"
printf '%s\n' "* evil" > "$A/signing-evil"

cat > "$A/opendmarc.conf" <<EOF
Syslog false
PidFile $A/run/opendmarc.pid
Socket inet:8894@127.0.0.1
UserID opendmarc
AuthservID $AUTHSERV_ID
TrustedAuthservIDs $AUTHSERV_ID
IgnoreHosts $A/no-hosts
PublicSuffixList /usr/share/publicsuffix/public_suffix_list.dat
RejectFailures false
SPFSelfValidate false
SPFIgnoreResults true
RequiredHeaders false
EOF

# The daemons read their configuration and keys at start only: restart them
# when any of it changed or one of them is gone, else leave them running.
sum=$(cat "$A"/dnsmasq.conf "$A"/dkim-keys "$A"/keytable "$A"/signing-* "$A"/opendkim-*.conf "$A"/opendmarc.conf \
  "$A"/internal-hosts "$A"/no-hosts "$A"/resolv.conf | sha256sum)
all_running=yes
for d in $DAEMONS; do [ -n "$(running "${d%%:*}" "${d##*:}")" ] || all_running=no; done
if [ "$all_running" = no ] || [ "$sum" != "$(cat "$A/config.sum" 2>/dev/null)" ]; then
  stop_all
  rm -f "$A/config.sum"
  no_inherit dnsmasq --conf-file="$A/dnsmasq.conf"
  for inst in sign-ain sign-evil verify; do
    in_test_dns opendkim -x "$A/opendkim-$inst.conf" || { echo "opendkim $inst did not start" >&2; exit 1; }
  done
  in_test_dns opendmarc -c "$A/opendmarc.conf" || { echo "opendmarc did not start" >&2; exit 1; }
  echo "$sum" > "$A/config.sum"
fi

# The Postfix instance: the shared settings of scripts/mailtest.sh, then three ports.
[ -f "$P/main.cf" ] || { cp /etc/postfix/master.cf "$P/"; : > "$P/main.cf"; }
postconf -c "$P" -e compatibility_level=3.6 "queue_directory=$D/postfix-auth-spool" \
  "data_directory=$D/postfix-auth-data" "maillog_file=$D/postfix-auth.log" "maillog_file_prefixes=$D" \
  inet_interfaces=127.0.0.1 inet_protocols=ipv4 myhostname=relay.example.test mydomain=example.test \
  mydestination= alias_maps= mynetworks=127.0.0.0/8 virtual_mailbox_domains=example.test \
  "virtual_mailbox_maps=texthash:$D/vmailbox" "virtual_transport=lmtp:unix:$D/run/lmtp" \
  "default_transport=error:no external mail in tests" syslog_name=postfix-auth \
  milter_default_action=tempfail milter_protocol=6 smtpd_milters= non_smtpd_milters=
postconf -c "$P" -MX smtp/inet 2>/dev/null || true
postconf -c "$P" -F '*/*/chroot = n'
postconf -c "$P" -M "127.0.0.1:2587/inet=127.0.0.1:2587 inet n - n - - smtpd" \
  "127.0.0.1:2588/inet=127.0.0.1:2588 inet n - n - - smtpd" \
  "127.0.0.1:2625/inet=127.0.0.1:2625 inet n - n - - smtpd"
postconf -c "$P" -P "127.0.0.1:2587/inet/smtpd_milters=inet:127.0.0.1:8891" \
  "127.0.0.1:2587/inet/content_filter=smtp:[127.0.0.1]:2625" \
  "127.0.0.1:2588/inet/smtpd_milters=inet:127.0.0.1:8892" \
  "127.0.0.1:2588/inet/content_filter=smtp:[127.0.0.1]:2625" \
  "127.0.0.1:2625/inet/smtpd_milters=inet:127.0.0.1:8893,inet:127.0.0.1:8894" \
  "127.0.0.1:2625/inet/myhostname=$AUTHSERV_ID"
# A reload also rereads the accounts scripts/mailtest.sh may have added.
if postfix -c "$P" status 2>/dev/null; then postfix -c "$P" reload 2>/dev/null
else postfix -c "$P" start 2>/dev/null || { tail -20 "$D/postfix-auth.log"; exit 1; }; fi

for port in 8891 8892 8893 8894 2587 2588 2625; do
  for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && continue 2; sleep 0.1; done
  echo "port $port did not open; see $D/postfix-auth.log" >&2
  exit 1
done
echo "sender authentication up: SMTP :2587 (signs ain.example.test) :2588 (signs evil.test) → :2625 (OpenDKIM + OpenDMARC, authserv-id $AUTHSERV_ID); DNS $DNS_ADDR"
