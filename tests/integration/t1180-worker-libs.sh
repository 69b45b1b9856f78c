#!/usr/bin/env bash
# Issue 10 — worker RSS: what a worker maps and starts.  libcurl, libldap,
# libmagic and libqpdf (and GnuTLS, Kerberos, libstdc++ … behind them) are
# opened on first use (cgi/lazylib.c), not linked; a request that needs none
# of them opens none of them; and OpenSSL, which Connector/C starts on the
# first connection, reads no openssl.cnf (cgi/db.c db_tls_quiet).  That the
# libraries still work when needed is shown by t0810 (webhooks, libcurl),
# t1100 (directory sign-in, libldap), t0700/t1020 (uploads: libmagic,
# libqpdf) and t1150 (the logo: libmagic).
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

lazy='libcurl|libldap|liblber|libmagic|libqpdf|libgnutls|libstdc\+\+|libkrb5|libsasl2'
for bin in "$SG_BIN" "${SG_RELEASE_BIN:-$SG_BIN}"; do
  pat=$lazy
  # the ASan/UBSan runtime links libstdc++ itself
  [[ $bin == */asan/* ]] && pat=${lazy//'|libstdc\+\+'/}
  libs=$(ldd "$bin" | awk '{ print $1 }' | grep -E "$pat" || true)
  if [[ -z $libs ]]; then ok "$(basename "$(dirname "$bin")")/salesgate links none of the lazily opened libraries"
  else fail "$bin links none of the lazily opened libraries" "$libs"; fi
done
check "the worker still links libmariadb and libpcre2 (used on every page)" \
  bash -c 'ldd "$1" | grep -q libmariadb && ldd "$1" | grep -q libpcre2-8' _ "${SG_RELEASE_BIN:-$SG_BIN}"

# One request in CGI mode (same code path as a worker's request), every
# file it opens traced.
cgi_trace() {   # PATH: the opened files of one GET, in $T/trace
  SALESGATE_CONFIG=$SG_CONF GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET \
    PATH_INFO=$1 SCRIPT_NAME= QUERY_STRING= \
    strace -f -qq -e trace=openat -o "$T/trace" "${SG_RELEASE_BIN:-$SG_BIN}" </dev/null >"$T/out" 2>"$T/err" || true
}
cgi_trace /healthz
check "a CGI /healthz answers 200" grep -q '^Status: 200' "$T/out"
check "…after connecting to MariaDB (its socket was used)" grep -q 'GET /healthz 200' "$T/err"
opened=$(grep -oE "/[^\"]*($lazy)[^\"]*\.so[^\"]*" "$T/trace" | sort -u || true)
if [[ -z $opened ]]; then ok "…and opened none of the lazily opened libraries"
else fail "…and opened none of the lazily opened libraries" "$opened"; fi
if grep -q 'openssl\.cnf' "$T/trace"; then fail "…and OpenSSL read no openssl.cnf" "$(grep openssl.cnf "$T/trace")"
else ok "…and OpenSSL read no openssl.cnf"; fi
check "…but libcrypto is loaded (Connector/C's own OpenSSL, started quietly)" grep -q 'libcrypto' "$T/trace"
