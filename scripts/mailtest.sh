#!/usr/bin/env bash
# Loopback test mail servers for pactd's end-to-end tests (root, idempotent).
#
#   scripts/mailtest.sh [start|stop]
#
# start installs dovecot-imapd, dovecot-lmtpd, postfix and openssl with apt-get
# when missing, then (re)starts:
#   Dovecot  IMAP 127.0.0.1:1143 (STARTTLS offered), IMAPS :1993, SASL :12345,
#            LMTP on a unix socket;
#   Postfix  SMTP :2525 (STARTTLS and AUTH optional), SMTPS :1465 (AUTH required),
#            delivering to Dovecot by LMTP;
#   Postfix  a second instance, SMTP :2526, that tests may stop and start
#            (postfix -c $MAILTEST_DIR/postfix-outage stop|start) to simulate an
#            outage without disturbing the main one; a third, SMTP :2527, that
#            only the soak test (internal/soak) stops, so that its outages
#            never meet another test's;
#   and, through scripts/mailauth.sh, real sender authentication: OpenDKIM and
#            OpenDMARC as milters of a third instance, SMTP :2587 (signs as
#            ain.example.test), :2588 (signs as evil.test) and :2625 (verifies,
#            writes Authentication-Results with authserv-id mx.pactd.test).
# Accounts are <user>@example.test with password <user>-pw; only example.test
# is deliverable, any other domain is refused at RCPT but bounce.test, whose
# mail is accepted then bounced (a delivery status notification). The self-signed
# certificate (CN localhost, IP 127.0.0.1) is $MAILTEST_DIR/tls/cert.pem.
# Tests that need these servers read PACTD_TEST_MAIL=1 (set it after start).
set -euo pipefail
D=${MAILTEST_DIR:-/tmp/mailtest}
P=$D/postfix
P2=$D/postfix-outage
P3=$D/postfix-soak
C=$D/dovecot.conf
USERS="depot ain lyon central spoof reports alice bob
  e2e-depot e2e-ain e2e-ain-dest e2e-lyon e2e-central e2e-spoof
  crash-depot crash-ain outage-rcpt daemon-depot daemon-ain daemon-central report-central bench
  auth-depot burst-depot burst-ain camp-depot camp-ain camp-aisne soak-depot soak-ain soak-dest ${MAILTEST_USERS:-}"
USERS=$(printf '%s\n' $USERS | awk '!seen[$0]++') # MAILTEST_USERS may repeat some

if [ "${1:-start}" = stop ]; then
  bash "$(dirname "$0")/mailauth.sh" stop
  dovecot -c "$C" stop 2>/dev/null || true
  postfix -c "$P" stop 2>/dev/null || true
  postfix -c "$P2" stop 2>/dev/null || true
  postfix -c "$P3" stop 2>/dev/null || true
  exit 0
fi

PKGS="dovecot-imapd dovecot-lmtpd postfix openssl"
if [ "$(dpkg-query -W -f='${db:Status-Abbrev}\n' $PKGS 2>/dev/null | grep -c '^ii')" != 4 ]; then
  export DEBIAN_FRONTEND=noninteractive
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $PKGS >/dev/null
fi

mkdir -p "$D"/run "$D"/state "$D"/tls "$D"/postfix-spool "$D"/postfix-outage-spool "$D"/postfix-soak-spool "$P" "$P2" "$P3"
chmod 755 "$D"
exec 9>"$D/lock"
flock 9 # two callers at once would race on the configuration files

install -d -o mail -g mail "$D/mail"
install -d -o postfix -g postfix -m 700 "$D/postfix-data" "$D/postfix-outage-data" "$D/postfix-soak-data"
[ -s "$D/tls/cert.pem" ] || openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=localhost \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$D/tls/key.pem" -out "$D/tls/cert.pem" 2>/dev/null

: > "$D/users.new"
: > "$D/vmailbox.new"
for u in $USERS; do
  echo "$u@example.test:{PLAIN}$u-pw::::::" >> "$D/users.new"
  echo "$u@example.test ok" >> "$D/vmailbox.new"
done
mv "$D/users.new" "$D/users"
mv "$D/vmailbox.new" "$D/vmailbox"
# bounce.test is accepted at RCPT and handed to Dovecot's LMTP, which knows
# none of its users: Postfix then returns a delivery status notification
# to the envelope sender, as a territory's distant server would
# (cmd/pactd TestCampaignEndToEnd).
echo "bounce.test lmtp:unix:$D/run/lmtp" > "$D/transport"

cat > "$C" <<EOF
protocols = imap lmtp
listen = 127.0.0.1
base_dir = $D/run
state_dir = $D/state
log_path = $D/dovecot.log
first_valid_uid = 8
mail_location = maildir:~/Maildir
disable_plaintext_auth = no
auth_failure_delay = 0
ssl_cert = <$D/tls/cert.pem
ssl_key = <$D/tls/key.pem
mail_max_userip_connections = 50
# LMTP processes are kept started (service lmtp below) so that a burst of
# deliveries from Postfix does not wait for Dovecot to start one for each
# new connection (the connection setup took most of a delivery in a burst).
# Access lists from dovecot-acl files (none: every owner has every right);
# the soak test (internal/soak) takes the insert right on one folder of its
# intake account, so that a message cannot be moved there.
mail_plugins = \$mail_plugins acl
EOF
# Dovecot 2.3 refuses one-line sections: one statement per line.
printf '%s\n' "passdb {" "driver = passwd-file" "args = $D/users" "}" \
  "userdb {" "driver = passwd-file" "args = $D/users" "default_fields = uid=mail gid=mail home=$D/mail/%n" "}" \
  "service imap-login {" "inet_listener imap {" "port = 1143" "}" "inet_listener imaps {" "port = 1993" "ssl = yes" "}" "}" \
  "service auth {" "inet_listener sasl {" "port = 12345" "}" "}" \
  "service lmtp {" "process_min_avail = 4" "}" \
  "plugin {" "acl = vfile" "}" >> "$C"

# postfix_instance DIR SPOOL DATA LOG: the common configuration of both instances.
postfix_instance() {
  local dir=$1 spool=$2 data=$3 log=$4
  [ -f "$dir/main.cf" ] || { cp /etc/postfix/master.cf "$dir/"; : > "$dir/main.cf"; }
  postconf -c "$dir" -e compatibility_level=3.6 "queue_directory=$spool" "data_directory=$data" \
    "maillog_file=$log" "maillog_file_prefixes=$D" inet_interfaces=127.0.0.1 inet_protocols=ipv4 \
    myhostname=mail.example.test mydomain=example.test mydestination= alias_maps= mynetworks=127.0.0.0/8 \
    virtual_mailbox_domains=example.test "virtual_mailbox_maps=texthash:$D/vmailbox" \
    "virtual_transport=lmtp:unix:$D/run/lmtp" "default_transport=error:no external mail in tests" \
    "transport_maps=texthash:$D/transport" \
    "smtpd_tls_cert_file=$D/tls/cert.pem" "smtpd_tls_key_file=$D/tls/key.pem" smtpd_tls_security_level=may \
    smtpd_sasl_auth_enable=yes smtpd_sasl_type=dovecot smtpd_sasl_path=inet:127.0.0.1:12345 \
    "syslog_name=$(basename "$dir")"
  # Delivery on loopback, tuned as an admin tunes a relay that feeds one
  # local mailbox server: a deadline-day burst (ingest/e2e
  # BenchmarkMailBurst: 150 mails, then 150 acknowledgments) must reach
  # Dovecot at once, so that the benchmark measures pactd rather than the
  # relay's defaults, which are made for slow distant destinations:
  #  - in_flow_delay 0: smtpd no longer pauses up to 1 s before each mail
  #    while the queue manager is behind (all of it is one local hop), which
  #    held back the acknowledgments pactd sends in the middle of a burst;
  #  - LMTP to Dovecot at 20 deliveries at once from the first mail instead
  #    of starting at 5 and growing (slow start is for distant servers).
  # Every message is still written to the queue and to the mailbox with
  # the servers' usual fsyncs.
  postconf -c "$dir" -e in_flow_delay=0 lmtp_initial_destination_concurrency=20 \
    lmtp_destination_concurrency_limit=20
  postconf -c "$dir" -MX smtp/inet 2>/dev/null || true
  postconf -c "$dir" -F '*/*/chroot = n'
}
postfix_instance "$P" "$D/postfix-spool" "$D/postfix-data" "$D/postfix.log"
postconf -c "$P" -M "127.0.0.1:2525/inet=127.0.0.1:2525 inet n - n - - smtpd" \
  "127.0.0.1:1465/inet=127.0.0.1:1465 inet n - n - - smtpd"
postconf -c "$P" -P "127.0.0.1:1465/inet/smtpd_tls_wrappermode=yes" \
  "127.0.0.1:1465/inet/smtpd_client_restrictions=permit_sasl_authenticated,reject"
postfix_instance "$P2" "$D/postfix-outage-spool" "$D/postfix-outage-data" "$D/postfix-outage.log"
postconf -c "$P2" -M "127.0.0.1:2526/inet=127.0.0.1:2526 inet n - n - - smtpd"
postfix_instance "$P3" "$D/postfix-soak-spool" "$D/postfix-soak-data" "$D/postfix-soak.log"
postconf -c "$P3" -M "127.0.0.1:2527/inet=127.0.0.1:2527 inet n - n - - smtpd"

# Reload our Dovecot if it runs, else (re)start it; a stale pid file is dropped.
pid=$(cat "$D/run/master.pid" 2>/dev/null || true)
if [ -n "$pid" ] && [ "$(cat /proc/"$pid"/comm 2>/dev/null)" = dovecot ]; then
  dovecot -c "$C" reload 9>&-
else
  rm -f "$D/run/master.pid"
  dovecot -c "$C" 9>&- || { cat "$D/dovecot.log"; exit 1; }
fi
# 9>&-: the daemons must not inherit (and hold) the lock.
for dir in "$P" "$P2" "$P3"; do
  if postfix -c "$dir" status 2>/dev/null 9>&-; then postfix -c "$dir" reload 2>/dev/null 9>&-
  else postfix -c "$dir" start 2>/dev/null 9>&- || { tail -20 "$D"/postfix*.log; exit 1; }; fi
done

for port in 1143 1993 12345 2525 1465 2526 2527; do
  for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && continue 2; sleep 0.1; done
  echo "port $port did not open; see $D/dovecot.log $D/postfix.log" >&2
  exit 1
done
# The authenticating path reads the same accounts: started after them.
bash "$(dirname "$0")/mailauth.sh" start 9>&-
echo "mail servers up: IMAP 127.0.0.1:1143 IMAPS :1993 SMTP :2525 SMTPS :1465 SMTP (outage tests) :2526 CA=$D/tls/cert.pem"
echo "run the tests with PACTD_TEST_MAIL=1; postfix -c $P2 stop|start simulates an outage"
