#!/usr/bin/env bash
# Issue 10 (hostile input) — every value a template prints is HTML-escaped.
# ClearSilver 0.10.5 escapes `var:` (Config.VarEscapeMode = html) but prints
# `alt:` raw: a person's display name with markup went into the customer,
# lead, success-gap and sidebar pages as markup, and what a CSM typed into
# a renewal package came back raw inside its <textarea>.  No template uses
# `alt:` now; names and typed text with markup come back escaped.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"


same "no template prints with alt: (it does not escape)" \
  "$(grep -l '<?cs alt:' "$SG_ROOT"/templates/*.cs 2>/dev/null | xargs -r -n1 basename | tr '\n' ' ')" ""

rep=$(user_id rep_east1)
old=$(sql "SELECT display_name FROM users WHERE id = $rep")
restore() { sql "UPDATE users SET display_name = '$old' WHERE id = $rep"; }
trap restore EXIT
sql "UPDATE users SET display_name = '<i>t1016</i>张' WHERE id = $rep"
login "$T/dir" director

cust=$(sql "SELECT MIN(id) FROM customer WHERE owner_id = $rep")
lead=$(sql "SELECT MIN(id) FROM lead WHERE owner_id = $rep")
for page in "/customers/$cust" "/leads/$lead" "/customers/$cust/sidebar"; do
  req GET "$page" -b "$T/dir"
  expect "the director opens $page" 200
  if grep -qF '<i>t1016</i>' <<<"$BODY"; then fail "$page: the owner's name with markup is not printed raw" "raw <i> found"
  else ok "$page: the owner's name with markup is not printed raw"; fi
  if grep -qF '&lt;i&gt;t1016&lt;/i&gt;张' <<<"$BODY"; then ok "$page: it is shown escaped"
  else fail "$page: it is shown escaped" "$(grep -o '.\{40\}t1016.\{20\}' <<<"$BODY" | head -n 2)"; fi
done
restore
trap - EXIT
