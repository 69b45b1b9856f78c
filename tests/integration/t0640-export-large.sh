#!/usr/bin/env bash
# Issue 6 — an approved export of 100,000 leads is streamed: the response has
# no Content-Length (it is written in keyset batches as it is read, never
# held whole), every row arrives, masks still apply.  The leads are removed
# again at the end.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

N=100000
REP=$(user_id rep_east1) R2=$(user_id rep_east2) MGR=$(user_id lead_east)
EAST=$(sql "SELECT id FROM region WHERE code = 'EAST'")
sql "DELETE FROM lead WHERE source = 'test:t0640'"
sql "INSERT INTO lead (channel_id, name, phone, phone_norm, company, company_norm, region_code, region_id,
       tier, status, owner_id, source, sla_due_at, created_at, updated_at)
     SELECT (SELECT id FROM channel WHERE code = 'website'), CONCAT('批量', s.seq), CONCAT('1380', LPAD(s.seq, 7, '0')),
       CONCAT('1380', LPAD(s.seq, 7, '0')), CONCAT('大批量导出T0640公司', s.seq MOD 97), 'x', '310101', $EAST,
       'low', 'new', IF(s.seq MOD 2, $REP, $R2), 'test:t0640', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)
     FROM seq_1_to_${N} s"
check "$N leads made" test "$(sql "SELECT COUNT(*) FROM lead WHERE source = 'test:t0640'")" == $N

sign_in "$T/rep" rep_east1
TOK=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
E=$(sql "INSERT INTO export_request (requester_id, approver_id, kind, export_columns, f_q, reason, row_count,
           status, decided_at, token, expires_at, created_at)
         VALUES ($REP, $MGR, 'leads', 'id,name,company,phone', '大批量导出T0640', 't0640', $N, 'approved',
           UTC_TIMESTAMP(6), '$TOK', UTC_TIMESTAMP(6) + INTERVAL 1 HOUR, UTC_TIMESTAMP(6));
         SELECT LAST_INSERT_ID()")
t0=$(date +%s.%N)
STATUS=$(curl -sS -o "$T/big.csv" -D "$T/h" -w '%{http_code}' --max-time 300 -b "$T/rep" \
  "$SG_URL/exports/$E/download?t=$TOK") || true
t1=$(date +%s.%N)
check "download → 200" test "$STATUS" == 200
check "streamed: no Content-Length" bash -c '! grep -qi "^content-length" "$1"' _ "$T/h"
check "header + $N rows" test "$(wc -l <"$T/big.csv")" == $((N + 1))
check "rep_east1's own rows in clear" grep -q ',批量1,大批量导出T0640公司1,13800000001' "$T/big.csv"
check "rep_east2's rows masked for rep_east1" bash -c '! grep -q ",13800000002\r\?$" "$1" && grep -q ",138\*\*\*\*0002" "$1"' _ "$T/big.csv"
echo "# $N rows in $(echo "$t1 - $t0" | bc) s, $(stat -c %s "$T/big.csv") bytes"
sql "DELETE FROM lead WHERE source = 'test:t0640'"
