#!/usr/bin/env bash
# Issue 6 — a one-time export link is spent only by a complete download
# (R8.3).  A download claims the link when it starts, so a second one at
# the same time is refused (in_progress); a download whose connection
# breaks midway releases the claim and is audited export.download_interrupted;
# then one complete download works (export.download) and a third try is
# refused (used).  A 25 MB export of 100,000 leads, read slowly and cut by
# curl --max-time.  The leads are removed again at the end.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

N=100000
REP=$(user_id rep_east1) MGR=$(user_id lead_east)
EAST=$(sql "SELECT id FROM region WHERE code = 'EAST'")
cleanup() { sql "DELETE FROM lead WHERE source = 'test:t0670'" || true; }
cleanup
trap cleanup EXIT
# long company names make each row about 250 bytes: far more than the
# socket buffers between the worker and curl can hold
sql "INSERT INTO lead (channel_id, name, phone, phone_norm, company, company_norm, region_code, region_id,
       tier, status, owner_id, source, sla_due_at, created_at, updated_at)
     SELECT (SELECT id FROM channel WHERE code = 'website'), CONCAT('中断', s.seq), CONCAT('1381', LPAD(s.seq, 7, '0')),
       CONCAT('1381', LPAD(s.seq, 7, '0')),
       CONCAT('中断导出T0670', REPEAT('上海浦东新区张江高科技园区医疗器械有限公司', 3), s.seq MOD 97), 'x', '310101', $EAST,
       'low', 'new', $REP, 'test:t0670', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)
     FROM seq_1_to_${N} s"
check "$N leads made" test "$(sql "SELECT COUNT(*) FROM lead WHERE source = 'test:t0670'")" == $N

sign_in "$T/rep" rep_east1
TOK=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
E=$(sql "INSERT INTO export_request (requester_id, approver_id, kind, export_columns, f_q, reason, row_count,
           status, decided_at, token, expires_at, created_at)
         VALUES ($REP, $MGR, 'leads', 'id,name,company,phone', '中断导出T0670', 't0670', $N, 'approved',
           UTC_TIMESTAMP(6), '$TOK', UTC_TIMESTAMP(6) + INTERVAL 1 HOUR, UTC_TIMESTAMP(6));
         SELECT LAST_INSERT_ID()")
URL="$SG_URL/exports/$E/download?t=$TOK"
A0=$(audit_max)

# --- a slow download, cut after 4 s; meanwhile a second one is refused ------------------------
curl -sS -o "$T/part.csv" --limit-rate 100k --max-time 4 -b "$T/rep" "$URL" 2>/dev/null &
SLOW=$!
for _ in $(seq 50); do
  [[ $(sql "SELECT claim IS NOT NULL FROM export_request WHERE id = $E") == 1 ]] && break
  sleep 0.1
done
check "the running download has claimed the link" \
  test "$(sql "SELECT CONCAT(claim IS NOT NULL, status) FROM export_request WHERE id = $E")" == 1approved
STATUS=$(curl -sS -o "$T/second.html" -w '%{http_code}' --max-time 30 -b "$T/rep" "$URL") || true
check "a second download at the same time → 403" test "$STATUS" == 403
check "…saying it is being downloaded elsewhere" grep -q '正在另一处下载中' "$T/second.html"
check "…audited (in_progress)" \
  test "$(audit_count "$A0" "action = 'export.download_refused' AND object_id = $E AND after_value = 'in_progress'")" == 1
wait "$SLOW" || true
SIZE=$(stat -c %s "$T/part.csv" 2>/dev/null || echo 0)
# (curl's --limit-rate is an average: on a quiet machine its first bursts
# reached 5.3 MB before the cut; the whole file is ~25 MB)
check "the cut download got only part of the file ($SIZE bytes)" test "$SIZE" -lt 15000000
# the worker notices at its next write; give it a moment
for _ in $(seq 100); do
  [[ $(sql "SELECT claim IS NULL FROM export_request WHERE id = $E") == 1 ]] && break
  sleep 0.2
done
check "the broken download released its claim and did not spend the link" \
  test "$(sql "SELECT CONCAT(claim IS NULL, status, downloaded_at IS NULL) FROM export_request WHERE id = $E")" == 1approved1
check "…audited export.download_interrupted (connection_lost)" \
  test "$(audit_count "$A0" "action = 'export.download_interrupted' AND object_id = $E AND after_value = 'connection_lost' AND actor_login = 'rep_east1'")" == 1
check "…and not export.download" test "$(audit_count "$A0" "action = 'export.download' AND object_id = $E")" == 0
check "the start of each download is on the record" \
  test "$(audit_count "$A0" "action = 'export.download_start' AND object_id = $E")" == 1

# --- then one complete download ------------------------------------------------------------
A1=$(audit_max)
STATUS=$(curl -sS -o "$T/full.csv" -w '%{http_code}' --max-time 300 -b "$T/rep" "$URL") || true
check "the download again → 200" test "$STATUS" == 200
check "…the whole file: header + $N rows" test "$(wc -l <"$T/full.csv")" == $((N + 1))
check "…the link is spent now" \
  test "$(sql "SELECT CONCAT(status, claim IS NULL, downloaded_at IS NOT NULL) FROM export_request WHERE id = $E")" == downloaded11
check "…audited export.download_start and export.download once each" \
  test "$(audit_count "$A1" "action IN ('export.download_start', 'export.download') AND object_id = $E")$(audit_count "$A1" "action = 'export.download_interrupted'")" == 20

# --- a third try ------------------------------------------------------------------------------
A2=$(audit_max)
STATUS=$(curl -sS -o "$T/third.html" -w '%{http_code}' --max-time 30 -b "$T/rep" "$URL") || true
check "a third download → 403" test "$STATUS" == 403
check "…used (audited)" \
  test "$(audit_count "$A2" "action = 'export.download_refused' AND object_id = $E AND after_value = 'used'")" == 1
