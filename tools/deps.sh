#!/usr/bin/env bash
# tools/deps.sh [run|test|bench] — make sure the Debian packages salesgate needs
# are installed (as root: installs them; otherwise prints the apt-get line).
# No argument: what the build needs.  test also installs the browser suite's
# npm packages (playwright-core; Chromium comes from Debian, never downloaded).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-build}

build=(gcc make pkg-config libfcgi-dev libmariadb-dev clearsilver-dev libpcre2-dev
       libsodium-dev libjansson-dev libmagic-dev libqpdf-dev libldap-dev libcurl4-openssl-dev
       libssl-dev   # cgi/db.c: OpenSSL told not to load its config and strings
       libpango1.0-dev libcairo2-dev libgdk-pixbuf-2.0-dev)   # build/salesgate-pdf, the visit summary's PDF
runtime=(mariadb-server mariadb-client curl fonts-wqy-microhei)   # a CJK font for the summary PDF
want=("${build[@]}")
case $mode in
  build) ;;
  run)   want+=("${runtime[@]}") ;;
  test)  want+=("${runtime[@]}" chromium fonts-wqy-microhei procps libasan8 libubsan1
               slapd ldap-utils openssl clang sqlmap python3 poppler-utils strace)   # slapd: directory tests; clang: libFuzzer; sqlmap; soak.py; strace: t1180
         command -v node >/dev/null || want+=(nodejs npm) ;;
  bench) want+=("${runtime[@]}" procps wrk) ;;
  *)     echo "usage: $0 [run|test|bench]" >&2; exit 2 ;;
esac

installed() { [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == 'install ok installed' ]]; }
any_nginx() {   # any nginx flavour will do: nginx, nginx-light, -full, -extras, -core
  dpkg-query -W -f='${Status} ${Package}\n' 'nginx*' 2>/dev/null \
    | grep -E '^install ok installed nginx(-light|-full|-extras|-core)?$' >/dev/null
}

missing=()
for p in "${want[@]}"; do installed "$p" || missing+=("$p"); done
[[ $mode == build ]] || any_nginx || missing+=(nginx-light)

if (( ${#missing[@]} )); then
  if [[ $EUID -ne 0 ]]; then
    echo "salesgate needs: sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  echo "deps: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [[ $mode == test ]] && { [[ ! -d tests/browser/node_modules/playwright-core ]] ||
   [[ ! -d tests/browser/node_modules/axe-core || ! -d tests/browser/node_modules/html-validate ]]; }; then
  echo "deps: installing the browser suite's npm packages"
  export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
  if [[ -f tests/browser/package-lock.json ]]; then
    (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
  else
    (cd tests/browser && npm install --no-audit --no-fund --loglevel=error)
  fi
fi
