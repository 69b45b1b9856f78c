#!/usr/bin/env bash
# Issue 11 — sign-in against a directory: a real slapd on loopback (StartTLS
# and LDAPS with a throwaway CA), group → role mapping, the first sign-in
# creates the account, a later one follows the groups, frozen stays frozen,
# local accounts keep working, throttling still applies, a directory that is
# down or misconfigured is a 503 and never a 500.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

command -v slapd >/dev/null || PATH=$PATH:/usr/sbin
if ! command -v slapd >/dev/null || ! command -v ldapmodify >/dev/null; then
  fail "slapd and ldap-utils are installed (tools/deps.sh test)"; exit 0
fi

master=$(cat "$SG_DIR/run/salesgate.pid")
workers() { pgrep -P "$master" | sort -n || true; }
wait_for() {
  local i tries=$(( $1 * 10 ))
  shift
  for (( i = 0; i < tries; i++ )); do "$@" && return 0; sleep 0.1; done
  return 1
}
# reload: SIGHUP and wait until every worker is a new one (they read the config)
reload() {
  local before now
  before=$(workers)
  kill -HUP "$master"
  gone() { now=$(workers); [[ -n $now && -z $(comm -12 <(echo "$before") <(echo "$now")) ]]; }
  wait_for 15 gone || echo "# reload: old workers still there" >&2
}

# ---- a throwaway CA, a server certificate for 127.0.0.1, and slapd -----------
L=$T/ldap
mkdir -p "$L/db"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=salesgate test CA" \
  -keyout "$L/ca.key" -out "$L/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
  -keyout "$L/server.key" -out "$L/server.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$L/ext"
openssl x509 -req -in "$L/server.csr" -CA "$L/ca.pem" -CAkey "$L/ca.key" -CAcreateserial \
  -days 2 -extfile "$L/ext" -out "$L/server.pem" 2>/dev/null
# a second CA that did not sign the server: the client must refuse it
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=someone else" \
  -keyout "$L/other.key" -out "$L/other.pem" 2>/dev/null
chmod 644 "$L"/*.key

LPORT=$("$SG_ROOT/tools/env.sh" free-port)
SPORT=$("$SG_ROOT/tools/env.sh" free-port)
[[ $SPORT != "$LPORT" ]] || SPORT=$((LPORT + 1))
BASE=dc=huaxin-demo,dc=cn
cat >"$L/slapd.conf" <<CONF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
pidfile $L/slapd.pid
modulepath /usr/lib/ldap
moduleload back_mdb
TLSCACertificateFile $L/ca.pem
TLSCertificateFile $L/server.pem
TLSCertificateKeyFile $L/server.key
database mdb
maxsize 10485760
suffix "$BASE"
rootdn "cn=admin,$BASE"
rootpw ldap-admin-pw
directory $L/db
access to attrs=userPassword by anonymous auth by self write by * none
access to * by * read
CONF
pw() { slappasswd -s "$1"; }
cat >"$L/data.ldif" <<LDIF
dn: $BASE
objectClass: dcObject
objectClass: organization
o: huaxin demo
dc: huaxin-demo

dn: ou=people,$BASE
objectClass: organizationalUnit
ou: people

dn: ou=groups,$BASE
objectClass: organizationalUnit
ou: groups

dn: uid=dir.rep,ou=people,$BASE
objectClass: inetOrgPerson
uid: dir.rep
cn: 钱 进
sn: 钱
displayName: 钱进
mail: qian.jin@huaxin-demo.cn
userPassword: $(pw 'Dir-rep-pw-1')

dn: uid=dir.nobody,ou=people,$BASE
objectClass: inetOrgPerson
uid: dir.nobody
cn: 孙 无组
sn: 孙
userPassword: $(pw 'Dir-nobody-pw-1')

dn: uid=rep_east1,ou=people,$BASE
objectClass: inetOrgPerson
uid: rep_east1
cn: 张伟 (directory twin)
sn: 张
userPassword: $(pw 'Dir-twin-pw-1')

dn: cn=sales,ou=groups,$BASE
objectClass: groupOfNames
cn: sales
member: uid=dir.rep,ou=people,$BASE
member: uid=rep_east1,ou=people,$BASE

dn: cn=managers,ou=groups,$BASE
objectClass: groupOfNames
cn: managers
member: cn=admin,$BASE
LDIF
slapadd -f "$L/slapd.conf" -l "$L/data.ldif" >"$L/slapadd.out" 2>&1 \
  || { fail "slapadd loads the test directory" "$(tail -n 5 "$L/slapadd.out")"; exit 0; }
slapd -f "$L/slapd.conf" -h "ldap://127.0.0.1:$LPORT/ ldaps://127.0.0.1:$SPORT/" \
  >"$L/slapd.out" 2>&1 || true
up() { [[ -s $L/slapd.pid ]] && ldapsearch -x -H "ldap://127.0.0.1:$LPORT" -b "$BASE" -s base >/dev/null 2>&1; }
if wait_for 10 up; then ok "slapd answers on 127.0.0.1:$LPORT (StartTLS) and :$SPORT (LDAPS)"
else fail "slapd answers" "$(cat "$L/slapd.out")"; exit 0; fi

CONF_SAVED=$T/salesgate.hdf.orig
cp "$SG_CONF" "$CONF_SAVED"
cleanup() {
  cp "$CONF_SAVED" "$SG_CONF"
  reload
  [[ -s $L/slapd.pid ]] && kill "$(cat "$L/slapd.pid")" 2>/dev/null || true
  forget_failed_logins
  sql "DELETE FROM session WHERE user_id IN (SELECT id FROM users WHERE auth_source = 'directory')" || true
}
trap cleanup EXIT

# ldap_config URI STARTTLS CAFILE [extra lines...]: the directory part of the config
ldap_config() {
  local uri=$1 tls=$2 ca=$3
  shift 3
  cp "$CONF_SAVED" "$SG_CONF"
  cat >>"$SG_CONF" <<HDF
LDAP.URI = $uri
LDAP.StartTLS = $tls
LDAP.CACertFile = $ca
LDAP.BaseDN = ou=people,$BASE
LDAP.GroupBaseDN = ou=groups,$BASE
LDAP.RoleMap.0.Group = cn=Managers, ou=groups,$BASE
LDAP.RoleMap.0.Role = regional_manager
LDAP.RoleMap.1.Group = cn=sales,ou=groups,$BASE
LDAP.RoleMap.1.Role = sales_rep
HDF
  local line
  for line in "$@"; do echo "$line" >>"$SG_CONF"; done
  reload
}
ldap_config "ldap://127.0.0.1:$LPORT" 1 "$L/ca.pem"

# a kept environment (tests/one): an earlier run's directory account steps aside
sql "UPDATE users SET login = CONCAT('old', id, '.dir.rep'), status = 'departed' WHERE login = 'dir.rep'"

# ---- first sign-in creates the account with the mapped role ----------------------
since=$(audit_max)
sign_in "$T/jar.rep" dir.rep 'Dir-rep-pw-1'
if [[ $STATUS == 303 && $(location) == / ]]; then ok "directory user signs in over StartTLS (303 to /)"
else fail "directory user signs in over StartTLS" "status $STATUS" "${BODY:0:300}" "$(tail -n 3 "$SG_DIR/log/salesgate.log")"; fi
row=$(sql "SELECT u.auth_source, r.code, u.display_name, u.email, u.directory_dn, u.status
           FROM users u JOIN role r ON r.id = u.role_id WHERE u.login = 'dir.rep'")
if [[ $row == $'directory\tsales_rep\t钱进\tqian.jin@huaxin-demo.cn\tuid=dir.rep,ou=people,'"$BASE"$'\tactive' ]]; then
  ok "the account is created from the directory: source, mapped role, name, e-mail, DN"
else fail "the account is created from the directory" "got: $row"; fi
uid=$(user_id dir.rep)
check "user.create audited with the mapped role" \
  test "$(audit_count "$since" "action = 'user.create' AND object_id = $uid AND after_value = 'sales_rep' AND actor_ip IS NOT NULL")" = 1
check "the group that gave the role is audited" \
  test "$(audit_count "$since" "action = 'user.directory' AND object_id = $uid AND after_value = 'cn=sales,ou=groups,$BASE'")" = 1
check "login.ok audited as a directory sign-in" \
  test "$(audit_count "$since" "action = 'login.ok' AND object_id = $uid AND after_value = 'directory'")" = 1
check "the local password hash is no usable hash" \
  test "$(sql "SELECT password_hash FROM users WHERE id = $uid")" = '!directory'
check "user_tree has the new person" test "$(sql "SELECT COUNT(*) FROM user_tree WHERE descendant_id = $uid AND depth = 0")" = 1
req GET / -b "$T/jar.rep"
if [[ $STATUS == 200 ]] && grep -qF '钱进' <<<"$BODY"; then ok "the directory user lands signed in with their name"
else fail "the directory user lands signed in" "status $STATUS" "${BODY:0:300}"; fi
req GET /leads -b "$T/jar.rep"
expect "a sales_rep capability works (lead list 200)" 200
req GET /admin/users -b "$T/jar.rep"
expect "a capability the role lacks is refused (403)" 403

# ---- a second sign-in creates nothing ------------------------------------------------
since=$(audit_max)
sign_in "$T/jar.rep" dir.rep 'Dir-rep-pw-1'
expect "second directory sign-in (303)" 303
check "no second account, no role change" \
  test "$(audit_count "$since" "action IN ('user.create','user.role')")" = 0

# ---- wrong password, unmapped person, local twin -------------------------------------
since=$(audit_max)
sign_in "$T/jar.x" dir.rep 'wrong-password'
expect "wrong directory password (401)" 401
check "no cookie after a wrong directory password" test -z "$(cookie_of "$T/jar.x")"
check "login.failed audited (directory: wrong password)" \
  test "$(audit_count "$since" "action = 'login.failed' AND after_value = 'directory: wrong password'")" = 1
sign_in "$T/jar.x" dir.nobody 'Dir-nobody-pw-1'
expect "a person in no mapped group cannot sign in (401)" 401
check "no account for the unmapped person" test "$(sql "SELECT COUNT(*) FROM users WHERE login = 'dir.nobody'")" = 0
check "refusal audited (no group maps)" \
  test "$(audit_count "$since" "action = 'login.failed' AND after_value = 'directory: no group maps to a role'")" = 1
sign_in "$T/jar.x" no.such.person 'whatever-1'
expect "unknown everywhere (401)" 401
sign_in "$T/jar.x" rep_east1 'Dir-twin-pw-1'
expect "a local account never signs in with its directory twin's password (401)" 401
sign_in "$T/jar.local" rep_east1
expect "a local account keeps signing in locally (303)" 303
forget_failed_logins

# ---- groups changed: the role follows, audited ---------------------------------------
ldapmodify -x -H "ldap://127.0.0.1:$LPORT" -D "cn=admin,$BASE" -w ldap-admin-pw >/dev/null <<LDIF
dn: cn=managers,ou=groups,$BASE
changetype: modify
add: member
member: uid=dir.rep,ou=people,$BASE
LDIF
since=$(audit_max)
sign_in "$T/jar.rep" dir.rep 'Dir-rep-pw-1'
expect "sign-in after a group change (303)" 303
check "the role follows the groups (first mapped group wins: regional_manager)" \
  test "$(sql "SELECT r.code FROM users u JOIN role r ON r.id = u.role_id WHERE u.id = $uid")" = regional_manager
check "user.role audited with before and after" \
  test "$(audit_count "$since" "action = 'user.role' AND object_id = $uid AND before_value = 'sales_rep' AND after_value = 'regional_manager'")" = 1

# ---- frozen stays frozen -------------------------------------------------------------
sql "UPDATE users SET status = 'frozen' WHERE id = $uid"
since=$(audit_max)
sign_in "$T/jar.x" dir.rep 'Dir-rep-pw-1'
expect "a frozen directory account stays out although the bind works (401)" 401
check "refusal audited as frozen" \
  test "$(audit_count "$since" "action = 'login.failed' AND object_id = $uid AND after_value = 'frozen'")" = 1
sql "UPDATE users SET status = 'active' WHERE id = $uid"
forget_failed_logins

# ---- throttling still applies -------------------------------------------------------
for _ in 1 2 3 4 5; do sign_in "$T/jar.x" dir.rep 'wrong-password'; done
sign_in "$T/jar.x" dir.rep 'Dir-rep-pw-1'
expect "the 6th attempt within a minute is throttled even with the right password (429)" 429
forget_failed_logins

# ---- LDAPS ------------------------------------------------------------------------------
ldap_config "ldaps://127.0.0.1:$SPORT" 0 "$L/ca.pem"
sign_in "$T/jar.rep" dir.rep 'Dir-rep-pw-1'
expect "sign-in over LDAPS (303)" 303

# ---- refusing what is not safe, never a 500 ----------------------------------------
ldap_config "ldap://127.0.0.1:$LPORT" 1 "$L/other.pem"
sign_in "$T/jar.x" dir.rep 'Dir-rep-pw-1'
expect "a certificate from an unknown CA is refused (503)" 503
check "directory unavailable is audited" \
  test "$(audit_count "$(( $(audit_max) - 1 ))" "action = 'login.failed' AND after_value = 'directory unavailable'")" = 1
ldap_config "ldap://127.0.0.1:$LPORT" 0 ""
sign_in "$T/jar.x" dir.rep 'Dir-rep-pw-1'
expect "plain ldap:// without StartTLS is refused (503)" 503
sign_in "$T/jar.local" rep_east1
expect "local accounts sign in while the directory is refused (303)" 303
kill "$(cat "$L/slapd.pid")"
ldap_config "ldap://127.0.0.1:$LPORT" 1 "$L/ca.pem"
sign_in "$T/jar.x" dir.rep 'Dir-rep-pw-1'
expect "directory down (503)" 503
sign_in "$T/jar.local" rep_east1
expect "local accounts sign in while the directory is down (303)" 303

# ---- directory switched off: directory accounts cannot use a local password ---------
cp "$CONF_SAVED" "$SG_CONF"; reload
sign_in "$T/jar.x" dir.rep '!directory'
expect "with the directory off, a directory account cannot sign in (401)" 401
forget_failed_logins
