#!/usr/bin/env bash
# Issue 9, R11 — the customer-success journey: a contract ending in 80 days
# has its renewal package after a scheduler pass (prefilled from the
# customer's record), one only however many passes run (two at once too);
# the CSM's day-1 welcome plan and day-30 health check, once each; the
# package is editable by the CSM and the managers above the CSM only — the
# customer's own rep reads it and is refused 403 on a POST (audited); a
# contract entered by hand (refusals keep what was typed) and one made by a
# deal's close-won handoff; the contract amount through the field policy.
# Adds customers named 't0980 …' in the East region owned by rep_east1.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

has() { if grep -qF -- "$2" <<<"$BODY"; then ok "$1"; else fail "$1" "missing: $2" "${BODY:0:300}"; fi; }
hasnt() { if grep -qF -- "$2" <<<"$BODY"; then fail "$1" "found: $2"; else ok "$1"; fi; }
tick() { "$SG_BIN" tick --force -c "$SG_CONF" >>"$T/tick.log" 2>&1; }

rep=$(user_id rep_east1)
csm=$(user_id csm1)
east=$(sql "SELECT region_id FROM users WHERE login = 'rep_east1'")
check "csm1 reports to the director" \
  test "$(sql "SELECT manager_id FROM users WHERE id = $csm")" == "$(user_id director)"

new_customer() {   # new_customer NAME [CSM]: a customer of rep_east1 in the East
  sql "INSERT INTO customer (name, name_norm, owner_id, region_id, csm_id, created_at, updated_at)
       VALUES ('$1', '$1', $rep, $east, ${2:-NULL}, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))"
  sql "SELECT MAX(id) FROM customer WHERE name = '$1'"
}

# ---- a contract ending in 80 days, one ending in 120 days ---------------------------------
c80=$(new_customer 't0980 续约客户' "$csm")
c120=$(new_customer 't0980 远期客户' "$csm")
sql "INSERT INTO contract (customer_id, start_date, end_date, amount, created_at)
     VALUES ($c80, UTC_DATE() - INTERVAL 285 DAY, UTC_DATE() + INTERVAL 80 DAY, 360000, UTC_TIMESTAMP(6)),
            ($c120, UTC_DATE() - INTERVAL 245 DAY, UTC_DATE() + INTERVAL 120 DAY, 120000, UTC_TIMESTAMP(6))"
k80=$(sql "SELECT id FROM contract WHERE customer_id = $c80")
k120=$(sql "SELECT id FROM contract WHERE customer_id = $c120")
# what the package is prefilled from: a won deal with a handoff issue, notes
stage=$(sql "SELECT s.id FROM stage s JOIN pipeline p ON p.id = s.pipeline_id WHERE p.code = 'standard' ORDER BY s.position DESC LIMIT 1")
sql "INSERT INTO deal (customer_id, pipeline_id, stage_id, owner_id, region_id, name, amount, status,
       handoff_issues, closed_at, stage_entered_at, created_at, updated_at)
     SELECT $c80, pipeline_id, id, $rep, $east, 't0980 一期项目', 360000, 'won', '数据迁移延期两周',
       UTC_TIMESTAMP(6) - INTERVAL 286 DAY, UTC_TIMESTAMP(6) - INTERVAL 300 DAY,
       UTC_TIMESTAMP(6) - INTERVAL 320 DAY, UTC_TIMESTAMP(6) FROM stage WHERE id = $stage"
sql "INSERT INTO activity (kind, user_id, customer_id, at, core_need, detail) VALUES
     ('visit_record', $csm, $c80, UTC_TIMESTAMP(6) - INTERVAL 30 DAY, '回访', '客户对响应速度满意，希望增加移动端'),
     ('visit_record', $rep, $c80, UTC_TIMESTAMP(6) - INTERVAL 20 DAY, NULL, '采购提到竞品报价低 15%'),
     ('price_objection', $rep, $c80, UTC_TIMESTAMP(6) - INTERVAL 290 DAY, NULL, NULL)"

check "no package before the scheduler runs" \
  test "$(sql "SELECT COUNT(*) FROM renewal_package WHERE contract_id = $k80")" == 0
a0=$(audit_max)
tick &
p1=$!
tick &
p2=$!
rc=0
wait $p1 || rc=1
wait $p2 || rc=1
check "two scheduler passes at once both succeed" test $rc == 0
same "the contract ending in 80 days has its renewal package" \
  "$(sql "SELECT COUNT(*) FROM renewal_package WHERE contract_id = $k80")" 1
same "the contract ending in 120 days has none yet" \
  "$(sql "SELECT COUNT(*) FROM renewal_package WHERE contract_id = $k120")" 0
hist=$(sql "SELECT history FROM renewal_package WHERE contract_id = $k80")
sat=$(sql "SELECT satisfaction FROM renewal_package WHERE contract_id = $k80")
comp=$(sql "SELECT competitors FROM renewal_package WHERE contract_id = $k80")
talk=$(sql "SELECT talking_points FROM renewal_package WHERE contract_id = $k80")
check "history: the contract's term and the won deal" \
  bash -c '[[ $1 == *"合同期"* && $1 == *"t0980 一期项目"* && $1 == *"跟进记录 3 条"* ]]' _ "$hist"
check "satisfaction: the latest visit notes" bash -c '[[ $1 == *"希望增加移动端"* ]]' _ "$sat"
check "competitor notes: the note naming a competitor" bash -c '[[ $1 == *"竞品报价低 15%"* ]]' _ "$comp"
check "talking points: the handoff's open issue and the price objection" \
  bash -c '[[ $1 == *"数据迁移延期两周"* && $1 == *"价格异议"* ]]' _ "$talk"
check "no amount leaks into the package" bash -c '[[ $1$2$3$4 != *360000* && $1$2$3$4 != *36万* ]]' _ "$hist" "$sat" "$comp" "$talk"
same "the CSM is told once" \
  "$(sql "SELECT COUNT(*) FROM notification WHERE dedup_key = 'renewal:$k80' AND user_id = $csm")" 1
same "the CSM's manager is told once" \
  "$(sql "SELECT COUNT(*) FROM notification WHERE dedup_key = 'renewal:$k80' AND kind = 'renewal_package_team'")" 1
same "the package's creation is audited once" \
  "$(audit_count "$a0" "action = 'renewal.package.create' AND object_id = $k80")" 1
same "welcome plan and health check made once each, for the CSM" \
  "$(sql "SELECT GROUP_CONCAT(kind ORDER BY kind), COUNT(DISTINCT assignee_id), MIN(assignee_id) FROM success_task WHERE contract_id = $k80")" \
  "$(printf 'welcome,health\t1\t%s' "$csm")"
same "the health check is due 29 days after the welcome plan" \
  "$(sql "SELECT DATEDIFF(h.due_at, w.due_at) FROM success_task h JOIN success_task w ON w.contract_id = h.contract_id AND w.kind = 'welcome' WHERE h.contract_id = $k80 AND h.kind = 'health'")" 29
tick
same "a third pass adds no package" "$(sql "SELECT COUNT(*) FROM renewal_package WHERE contract_id = $k80")" 1
same "a third pass adds no task" "$(sql "SELECT COUNT(*) FROM success_task WHERE contract_id = $k80")" 2
same "a third pass tells nobody again" \
  "$(sql "SELECT COUNT(*) FROM notification WHERE dedup_key IN ('renewal:$k80', 'success.welcome:$k80', 'success.health:$k80')")" 4
check "the job runs are recorded (one pass held the lock)" \
  test "$(sql "SELECT COUNT(*) FROM job_run WHERE job = 'success_journey' AND ok = 1")" -ge 2

# ---- who may edit ------------------------------------------------------------------------
J=$T/jar
login "$J.csm" csm1
login "$J.rep" rep_east1
login "$J.dir" director
login "$J.mgr" mgr_east
login "$J.south" rep_south1

req GET "/customers/$c80/success" -b "$J.csm"
expect "the CSM opens the success page" 200
has "the CSM sees the package as a form" "action=\"/renewals/$k80\""
has "the CSM sees the welcome plan" "首日欢迎计划"
has "the CSM sees the amount in clear" "360000"
req GET "/customers/$c80/success" -b "$J.rep"
expect "the customer's rep opens the success page" 200
hasnt "the rep gets no form for the package" "action=\"/renewals/$k80\""
has "the rep reads the package" "数据迁移延期两周"
req GET "/customers/$c80/success" -b "$J.south"
expect "a rep of another region cannot see the customer" 404
req GET "/customers/$c80" -b "$J.rep"
has "the customer page links to the success page" "/customers/$c80/success"

a1=$(audit_max)
post_as "$J.rep" "/renewals/$k80" --data-urlencode "history=改写" --data-urlencode "talking_points=降价 30%"
expect "the rep (not the CSM) is refused" 403
same "the refusal is audited" \
  "$(audit_count "$a1" "action = 'renewal.edit.refused' AND object_id = $k80 AND actor_id = $rep")" 1
same "the package is unchanged" "$(sql "SELECT history FROM renewal_package WHERE contract_id = $k80")" "$hist"
post_as "$J.mgr" "/renewals/$k80" --data-urlencode "history=改写"
expect "a manager who is not above the CSM is refused" 403

post_as "$J.csm" "/renewals/$k80" --data-urlencode "history=合作一年，系统已全面上线" \
  --data-urlencode "satisfaction=满意" --data-urlencode "competitors=竞品 A 低价" \
  --data-urlencode "talking_points=二期扩容打包续约"
expect "the CSM saves the package" 303
same "the CSM's text is stored" \
  "$(sql "SELECT CONCAT(history, '|', talking_points, '|', updated_by) FROM renewal_package WHERE contract_id = $k80")" \
  "合作一年，系统已全面上线|二期扩容打包续约|$csm"
same "the edit is audited" "$(audit_count "$a1" "action = 'renewal.edit' AND object_id = $k80 AND actor_id = $csm")" 1
post_as "$J.dir" "/renewals/$k80" --data-urlencode "history=总监补充" \
  --data-urlencode "talking_points=二期扩容打包续约"
expect "the director (above the CSM) saves the package" 303
req GET "/customers/$c80/success" -b "$J.rep"
has "the rep reads the director's text" "总监补充"
post_as "$J.csm" "/renewals/999999999" --data-urlencode "history=x"
expect "an unknown package is 404" 404

# ---- the contract amount through the field policy -----------------------------------------
login "$J.rep2" rep_east2
req GET "/customers/$c80/success" -b "$J.rep2"
expect "another East rep reads the success page" 200
hasnt "another rep does not see the amount in clear" "360000"
has "another rep sees it masked" "class=\"masked\""

# ---- a contract entered by hand ------------------------------------------------------------
cnew=$(new_customer 't0980 手录合同客户')
post_as "$J.csm" "/customers/$cnew/contracts" --data-urlencode "start_date=2026-03-01" \
  --data-urlencode "end_date=2026-02-01" --data-urlencode "amount=88000" --data-urlencode "csm=$csm"
expect "an expiry before the start is refused" 400
has "the refusal says why" "到期日期必须晚于开始日期"
has "what was typed is kept" 'value="2026-02-01"'
post_as "$J.csm" "/customers/$cnew/contracts" --data-urlencode "start_date=2026-03-01" \
  --data-urlencode "end_date=2027-02-28" --data-urlencode "amount=12x" --data-urlencode "csm=$csm"
expect "a bad amount is refused" 400
has "the bad amount is kept in the form" 'value="12x"'
post_as "$J.csm" "/customers/$cnew/contracts" --data-urlencode "start_date=2026-03-01" \
  --data-urlencode "end_date=2026-06-01" --data-urlencode "csm=$(user_id rep_east2)"
expect "a CSM who is not a CSM is refused" 400
a2=$(audit_max)
post_as "$J.csm" "/customers/$cnew/contracts" --data-urlencode "start_date=2026-03-01" \
  --data-urlencode "end_date=2027-02-28" --data-urlencode "amount=88000" --data-urlencode "csm=$csm"
expect "a good contract is saved" 303
same "it is stored with its CSM" \
  "$(sql "SELECT CONCAT(k.start_date, ' ', k.end_date, ' ', k.amount, ' ', c.csm_id) FROM contract k JOIN customer c ON c.id = k.customer_id WHERE k.customer_id = $cnew")" \
  "2026-03-01 2027-02-28 88000.00 $csm"
same "the contract and the CSM are audited" \
  "$(audit_count "$a2" "(action = 'contract.create' OR action = 'customer.csm') AND actor_id = $csm")" 2
check "the audit never holds the amount" \
  test "$(audit_count "$a2" "COALESCE(after_value, '') LIKE '%88000%'")" == 0
post_as "$J.rep" "/customers/$cnew/contracts" --data-urlencode "start_date=2026-03-01" \
  --data-urlencode "end_date=2027-02-28"
expect "a rep may not enter contracts" 403

# ---- close-won makes the contract ------------------------------------------------------------
cwon=$(new_customer 't0980 赢单客户')
sql "INSERT INTO deal (customer_id, pipeline_id, stage_id, owner_id, region_id, name, amount,
       stage_entered_at, created_at, updated_at)
     SELECT $cwon, pipeline_id, id, $rep, $east, 't0980 赢单商机', 50000, UTC_TIMESTAMP(6),
       UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM stage WHERE id = $stage"
dwon=$(sql "SELECT id FROM deal WHERE customer_id = $cwon")
post_as "$J.rep" "/deals/$dwon/close" --data-urlencode "handoff_contacts=王主任" \
  --data-urlencode "handoff_documents=合同" --data-urlencode "handoff_issues=无"
expect "the owner closes the deal won" 303
same "the close-won handoff made a one-year contract with the deal's amount" \
  "$(sql "SELECT CONCAT(COUNT(*), ' ', MIN(DATEDIFF(end_date, start_date)) BETWEEN 364 AND 365, ' ', MIN(amount)) FROM contract WHERE deal_id = $dwon")" \
  "1 1 50000.00"
req GET "/customers/$cwon/success" -b "$J.rep"
has "the success page shows the contract from the deal" "t0980 赢单商机"
has "and says it has no CSM yet" "尚未指定"
