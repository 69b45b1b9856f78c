/* success.c — the customer-success journey (R11): contracts, the CSM's
 * success tasks, renewal packages, and the monthly scan for won customers
 * whose success journey never started.  See success.h. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "clock.h"
#include "config.h"
#include "db.h"
#include "err.h"
#include "notify.h"
#include "pages.h"
#include "policy.h"
#include "render.h"
#include "success.h"
#include "user.h"

#define SUCCESS_BATCH 500

/* ---- pure helpers ------------------------------------------------------- */

static int parse_date(const char *s, struct tm *tm)
{
	int y, m, d;
	char tail;

	if (!s || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return 0;
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	memset(tm, 0, sizeof(*tm));
	tm->tm_year = y - 1900;
	tm->tm_mon = m - 1;
	tm->tm_mday = d;
	tm->tm_hour = 12;
	return 1;
}

int success_days_between(const char *from, const char *to)
{
	struct tm a, b;
	time_t ta, tb;

	if (!parse_date(from, &a) || !parse_date(to, &b))
		return INT_MIN;
	ta = timegm(&a);
	tb = timegm(&b);
	if (ta == (time_t)-1 || tb == (time_t)-1)
		return INT_MIN;
	return (int)((tb - ta) / 86400);
}

/* The site's calendar date today ("YYYY-MM-DD") and the UTC time now. */
static void success_today(char *today, size_t n, char *now, size_t m)
{
	time_t t = clock_now();
	time_t local = t + clock_site_offset(t);
	struct tm tm;

	gmtime_r(&local, &tm);
	strftime(today, n, "%Y-%m-%d", &tm);
	clock_sql(t, now, m);
}

/* ---- contracts from won deals ------------------------------------------- */

NEOERR *success_contract_from_deal(REQUEST *req, long long deal_id)
{
	char today[16], now[32];
	unsigned long long id = 0;
	NEOERR *err;

	success_today(today, sizeof(today), now, sizeof(now));
	err = db_execf(&id, "INSERT IGNORE INTO contract (customer_id, deal_id, start_date, end_date,"
		       " amount, created_by, created_at) SELECT d.customer_id, d.id, ?,"
		       " DATE(?) + INTERVAL 1 YEAR - INTERVAL 1 DAY, d.amount, ?, ? FROM deal d WHERE d.id = ?",
		       "ttiti", today, today, req->user->id, now, deal_id);
	if (!err && id) {
		char what[48];
		struct audit_event ev = { "contract.create", "contract", (long long)id, NULL, NULL, what };

		snprintf(what, sizeof(what), "from deal %lld", deal_id);
		err = audit_log(req, &ev);
	}
	return nerr_pass(err);
}

/* ---- the scheduler ------------------------------------------------------ */

/* Appends one line (with a leading "· ") to s. */
static NEOERR *line(STRING *s, const char *a, const char *b, const char *c)
{
	NEOERR *err = string_append(s, "· ");

	if (!err && a) err = string_append(s, a);
	if (!err && b) err = string_append(s, b);
	if (!err && c) err = string_append(s, c);
	if (!err) err = string_append(s, "\n");
	return nerr_pass(err);
}

/* The renewal package's four texts, prefilled from the customer's record.
 * Never a policed value (amounts, phones, e-mails): the package is read by
 * everyone who may read the customer. */
static NEOERR *package_prefill(long long contract, long long customer, const char *today,
			       STRING *history, STRING *satisfaction, STRING *competitors,
			       STRING *talking)
{
	DB_STMT *q;
	char buf[400];
	long long objections = 0;
	int n = 0;
	NEOERR *err;

	/* history: the contract, the won deals, the contact record */
	err = db_prepare(&q, "SELECT DATE_FORMAT(k.start_date, '%Y-%m-%d'), DATE_FORMAT(k.end_date, '%Y-%m-%d'),"
			 " COALESCE(u.display_name, '—') FROM contract k JOIN customer c ON c.id = k.customer_id"
			 " LEFT JOIN users u ON u.id = c.csm_id WHERE k.id = ?");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, contract);
	if (db_step(q) == DB_ROW) {
		int left = success_days_between(today, db_col_text(q, 1));

		snprintf(buf, sizeof(buf), "合同期 %s 至 %s（剩 %d 天），客户成功经理：%s",
			 db_col_text(q, 0), db_col_text(q, 1), left, db_col_text(q, 2));
		err = line(history, buf, NULL, NULL);
		if (!err) {
			snprintf(buf, sizeof(buf), "合作已 %d 天，续约窗口已开启（到期前 %d 天）",
				 success_days_between(db_col_text(q, 0), today), SUCCESS_RENEWAL_DAYS);
			err = line(talking, buf, NULL, NULL);
		}
	}
	db_finalize(q);
	if (!err)
		err = db_prepare(&q, "SELECT d.name, DATE_FORMAT(d.closed_at, '%Y-%m-%d'), d.handoff_issues"
				 " FROM deal d WHERE d.customer_id = ? AND d.status = 'won' ORDER BY d.closed_at, d.id"
				 " LIMIT 10");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, customer);
	while (!err && db_step(q) == DB_ROW) {
		snprintf(buf, sizeof(buf), "赢单：%s（%s）", db_col_text(q, 0),
			 db_col_text(q, 1) ? db_col_text(q, 1) : "—");
		err = line(history, buf, NULL, NULL);
		if (!err && db_col_text(q, 2) && *db_col_text(q, 2))
			err = line(talking, "交接时遗留的问题，先确认是否已解决：", db_col_text(q, 2), NULL);
	}
	db_finalize(q);
	if (!err)
		err = db_prepare(&q, "SELECT COUNT(*), COALESCE(DATE_FORMAT(MAX(a.at), '%Y-%m-%d'), '—'),"
				 " SUM(a.kind = 'price_objection') FROM activity a WHERE a.customer_id = ?");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, customer);
	if (!err && db_step(q) == DB_ROW) {
		snprintf(buf, sizeof(buf), "跟进记录 %lld 条，最近一次 %s", db_col_int(q, 0), db_col_text(q, 1));
		err = line(history, buf, NULL, NULL);
		objections = db_col_int(q, 2);
	}
	db_finalize(q);
	if (!err)
		err = db_prepare(&q, "SELECT kind, status FROM success_task WHERE contract_id = ? ORDER BY kind");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, contract);
	while (!err && db_step(q) == DB_ROW)
		err = line(history, !strcmp(db_col_text(q, 0), "welcome") ? "首日欢迎计划：" : "30 天健康检查：",
			   !strcmp(db_col_text(q, 1), "done") ? "已完成" : "未完成", NULL);
	db_finalize(q);
	/* satisfaction: what the customer said in the latest notes */
	if (!err)
		err = db_prepare(&q, "SELECT DATE_FORMAT(a.at, '%Y-%m-%d'),"
				 " LEFT(COALESCE(NULLIF(a.detail, ''), NULLIF(a.core_need, ''), a.next_step), 150)"
				 " FROM activity a WHERE a.customer_id = ? AND (COALESCE(a.detail, '') <> ''"
				 " OR COALESCE(a.core_need, '') <> '' OR COALESCE(a.next_step, '') <> '')"
				 " ORDER BY a.at DESC, a.id DESC LIMIT 5");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, customer);
	while (!err && db_step(q) == DB_ROW) {
		err = line(satisfaction, db_col_text(q, 0), "：", db_col_text(q, 1));
		n++;
	}
	db_finalize(q);
	if (!err && !n)
		err = line(satisfaction, "暂无记录：请在健康检查或回访时补充客户满意度。", NULL, NULL);
	/* competitors: notes naming a competitor, competitor comparisons on file */
	n = 0;
	if (!err)
		err = db_prepare(&q, "SELECT DATE_FORMAT(a.at, '%Y-%m-%d'), LEFT(CONCAT_WS(' ', a.core_need, a.detail), 150)"
				 " FROM activity a WHERE a.customer_id = ? AND (CONCAT_WS(' ', a.core_need, a.detail)"
				 " LIKE '%竞品%' OR CONCAT_WS(' ', a.core_need, a.detail) LIKE '%竞争%'"
				 " OR CONCAT_WS(' ', a.core_need, a.detail) LIKE '%对手%')"
				 " ORDER BY a.at DESC, a.id DESC LIMIT 5");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, customer);
	while (!err && db_step(q) == DB_ROW) {
		err = line(competitors, db_col_text(q, 0), "：", db_col_text(q, 1));
		n++;
	}
	db_finalize(q);
	if (!err)
		err = db_prepare(&q, "SELECT t.filename FROM attachment t JOIN deal d ON d.id = t.deal_id"
				 " WHERE d.customer_id = ? AND t.kind = 'competitor_comparison' ORDER BY t.id DESC LIMIT 5");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, customer);
	while (!err && db_step(q) == DB_ROW) {
		err = line(competitors, "竞品对比材料：", db_col_text(q, 0), NULL);
		n++;
	}
	db_finalize(q);
	if (!err && !n)
		err = line(competitors, "暂无竞品记录：请向客户确认是否在接触其他供应商。", NULL, NULL);
	if (!err && objections > 0) {
		snprintf(buf, sizeof(buf), "销售期间有 %lld 次价格异议：续约报价前准备价值说明和使用数据", objections);
		err = line(talking, buf, NULL, NULL);
	}
	if (!err)
		err = line(talking, "回顾一年来的使用效果与目标达成，确认下一年的目标与负责人", NULL, NULL);
	return nerr_pass(err);
}

static NEOERR *make_package(long long contract, long long customer, long long csm, long long owner,
			    const char *today, const char *now, int *made, int *sent)
{
	STRING h, s, c, t;
	unsigned long long ins = 0;
	NEOERR *err;

	string_init(&h);
	string_init(&s);
	string_init(&c);
	string_init(&t);
	err = package_prefill(contract, customer, today, &h, &s, &c, &t);
	if (!err)
		err = db_execf(&ins, "INSERT IGNORE INTO renewal_package (contract_id, history, satisfaction,"
			       " competitors, talking_points, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
			       "itttttt", contract, h.buf, s.buf, c.buf, t.buf, now, now);
	string_clear(&h);
	string_clear(&s);
	string_clear(&c);
	string_clear(&t);
	if (!err) {
		char key[48];
		int c1 = 0, c2 = 0;
		long long boss = 0;
		int found = 0;
		long long who = csm ? csm : owner;

		(*made)++;
		snprintf(key, sizeof(key), "renewal:%lld", contract);
		if (who)
			err = notify_user(who, "renewal_package", key, "customer", customer, NULL, &c1);
		if (!err && who)
			err = db_int_query(&boss, &found, "SELECT COALESCE(manager_id, 0) FROM users WHERE id = ?",
					   "i", who);
		if (!err && found && boss)
			err = notify_user(boss, "renewal_package_team", key, "customer", customer, NULL, &c2);
		*sent += c1 + c2;
		if (!err) {
			struct audit_event ev = { "renewal.package.create", "contract", contract, NULL, NULL,
						  "prefilled" };

			err = audit_log_as(0, "scheduler", NULL, NULL, NULL, &ev);
		}
	}
	return nerr_pass(err);
}

/* The task row standing for success_task <ref>: same assignee, due date
 * and creation time, titled in the site's language. */
static NEOERR *success_task_row(long long customer, const char *kind, long long ref, long long csm)
{
	char key[40];
	const char *title;

	snprintf(key, sizeof(key), "Success.Kind.%s", kind);
	title = render_text(render_lang_index(config_get("Notify.Lang")), key);
	return nerr_pass(db_execf(NULL, "INSERT IGNORE INTO task (deal_id, customer_id, kind, ref_id,"
				  " stage_id, title, role_code, assignee_id, due_at, created_at)"
				  " SELECT NULL, ?, t.kind, t.id, NULL, ?, 'csm', ?, t.due_at, t.created_at"
				  " FROM success_task t WHERE t.id = ?", "itii", customer,
				  title && *title ? title : kind, csm, ref));
}

NEOERR *success_journey_job(char *summary, size_t n)
{
	char today[16], now[32];
	struct { long long contract, customer, csm, owner; char start[16]; } hits[SUCCESS_BATCH];
	int nh = 0, tasks = 0, packages = 0, sent = 0;
	DB_STMT *q;
	NEOERR *err;

	success_today(today, sizeof(today), now, sizeof(now));
	/* 1. started contracts with a CSM and a missing welcome or health task */
	err = db_prepare(&q, "SELECT k.id, k.customer_id, c.csm_id, DATE_FORMAT(k.start_date, '%Y-%m-%d')"
			 " FROM contract k JOIN customer c ON c.id = k.customer_id"
			 " WHERE c.csm_id IS NOT NULL AND k.start_date <= ? AND k.end_date >= ?"
			 " AND (SELECT COUNT(*) FROM success_task t WHERE t.contract_id = k.id) < 2"
			 " ORDER BY k.id LIMIT 500");
	if (err)
		return nerr_pass(err);
	db_bind_text(q, 1, today);
	db_bind_text(q, 2, today);
	while (nh < SUCCESS_BATCH && db_step(q) == DB_ROW) {
		hits[nh].contract = db_col_int(q, 0);
		hits[nh].customer = db_col_int(q, 1);
		hits[nh].csm = db_col_int(q, 2);
		snprintf(hits[nh].start, sizeof(hits[nh].start), "%s", db_col_text(q, 3));
		nh++;
	}
	err = db_finalize(q);
	if (!err)
		err = db_begin();
	for (int i = 0; !err && i < nh; i++) {
		static const struct { const char *kind; int day; } plan[] = { { "welcome", 1 }, { "health", 30 } };

		for (int k = 0; !err && k < 2; k++) {
			unsigned long long id = 0;
			char key[64];
			int c = 0;

			/* the site's 09:00 on day N, stored in UTC */
			err = db_execf(&id, "INSERT IGNORE INTO success_task (contract_id, kind, assignee_id, due_at,"
				       " created_at) VALUES (?, ?, ?, DATE(?) + INTERVAL ? DAY + INTERVAL 9 HOUR"
				       " - INTERVAL ? SECOND, ?)", "ititiit", hits[i].contract, plan[k].kind,
				       hits[i].csm, hits[i].start, (long long)plan[k].day,
				       (long long)clock_site_offset(clock_now()), now);
			if (err || !id)
				continue;
			/* the same task on /tasks, today and the staff API (a task
			 * of the customer without a deal, kind = welcome/health;
			 * task_done closes the success_task with it) */
			err = success_task_row(hits[i].customer, plan[k].kind, (long long)id, hits[i].csm);
			if (err)
				break;
			tasks++;
			snprintf(key, sizeof(key), "success.%s:%lld", plan[k].kind, hits[i].contract);
			err = notify_user(hits[i].csm, !strcmp(plan[k].kind, "welcome") ? "success_welcome"
					  : "success_health", key, "customer", hits[i].customer, NULL, &c);
			sent += c;
		}
	}
	err = db_finish(err);
	if (err)
		return nerr_pass(err);
	/* 2. contracts within 90 days of expiry without their renewal package */
	nh = 0;
	err = db_prepare(&q, "SELECT k.id, k.customer_id, COALESCE(c.csm_id, 0), COALESCE(c.owner_id, 0)"
			 " FROM contract k JOIN customer c ON c.id = k.customer_id"
			 " WHERE k.end_date >= ? AND k.end_date <= DATE(?) + INTERVAL ? DAY"
			 " AND NOT EXISTS (SELECT 1 FROM renewal_package r WHERE r.contract_id = k.id)"
			 " ORDER BY k.end_date, k.id LIMIT 500");
	if (err)
		return nerr_pass(err);
	db_bind_text(q, 1, today);
	db_bind_text(q, 2, today);
	db_bind_int(q, 3, SUCCESS_RENEWAL_DAYS);
	while (nh < SUCCESS_BATCH && db_step(q) == DB_ROW) {
		hits[nh].contract = db_col_int(q, 0);
		hits[nh].customer = db_col_int(q, 1);
		hits[nh].csm = db_col_int(q, 2);
		hits[nh].owner = db_col_int(q, 3);
		nh++;
	}
	err = db_finalize(q);
	for (int i = 0; !err && i < nh; i++) {
		err = db_begin();
		if (!err)
			err = make_package(hits[i].contract, hits[i].customer, hits[i].csm, hits[i].owner,
					   today, now, &packages, &sent);
		err = db_finish(err);
	}
	snprintf(summary, n, "success_tasks=%d renewal_packages=%d notices=%d", tasks, packages, sent);
	return nerr_pass(err);
}

/* The gap: a customer with a deal won at least SUCCESS_GAP_GRACE_DAYS ago
 * whose success journey never started — no contract, or no welcome task on
 * any contract that has begun.  A contract starting later is not a gap yet.
 * Columns: customer id, name, owner name, owner id, region id, last won
 * deal's name, when it was won, has a contract, has a CSM. */
#define GAP_SQL_FROM \
	" FROM customer c JOIN (SELECT d.customer_id, MAX(d.closed_at) AS won_at FROM deal d" \
	"  WHERE d.status = 'won' AND d.closed_at < ? - INTERVAL ? DAY GROUP BY d.customer_id) w" \
	"  ON w.customer_id = c.id" \
	" LEFT JOIN users u ON u.id = c.owner_id" \
	" WHERE NOT EXISTS (SELECT 1 FROM contract k JOIN success_task t ON t.contract_id = k.id" \
	"   AND t.kind = 'welcome' WHERE k.customer_id = c.id)" \
	" AND NOT EXISTS (SELECT 1 FROM contract k WHERE k.customer_id = c.id AND k.start_date > ?)"
#define GAP_SQL_COLUMNS \
	"SELECT c.id, c.name, u.display_name, COALESCE(c.owner_id, 0), COALESCE(u.manager_id, 0)," \
	" (SELECT d.name FROM deal d WHERE d.customer_id = c.id AND d.status = 'won'" \
	"  ORDER BY d.closed_at DESC, d.id DESC LIMIT 1), DATE_FORMAT(w.won_at, '%Y-%m-%d %H:%i:%s')," \
	" EXISTS (SELECT 1 FROM contract k WHERE k.customer_id = c.id), c.csm_id IS NOT NULL"

NEOERR *success_gap_job(char *summary, size_t n)
{
	char today[16], now[32];
	struct { long long customer, manager; } hits[SUCCESS_BATCH];
	int nh = 0, sent = 0;
	DB_STMT *q;
	NEOERR *err;

	success_today(today, sizeof(today), now, sizeof(now));
	err = db_prepare(&q, GAP_SQL_COLUMNS GAP_SQL_FROM " ORDER BY c.id LIMIT 500");
	if (err)
		return nerr_pass(err);
	db_bind_text(q, 1, now);
	db_bind_int(q, 2, SUCCESS_GAP_GRACE_DAYS);
	db_bind_text(q, 3, today);
	while (nh < SUCCESS_BATCH && db_step(q) == DB_ROW) {
		hits[nh].customer = db_col_int(q, 0);
		hits[nh].manager = db_col_int(q, 4);
		nh++;
	}
	err = db_finalize(q);
	if (!err)
		err = db_begin();
	for (int i = 0; !err && i < nh; i++) {
		char key[48];
		int c = 0;

		if (!hits[i].manager)
			continue;
		/* once per customer, however many months it stays on the list */
		snprintf(key, sizeof(key), "success.gap:%lld", hits[i].customer);
		err = notify_user(hits[i].manager, "success_gap", key, "customer", hits[i].customer, NULL, &c);
		sent += c;
	}
	err = db_finish(err);
	snprintf(summary, n, "gaps=%d notices=%d", nh, sent);
	return nerr_pass(err);
}

/* ---- pages -------------------------------------------------------------- */

struct success_customer {
	long long id, owner, csm;
	int depth;
	char name[201];
};

/* The customer, when it is in the reader's read scope (else 404). */
static NEOERR *success_customer_load(REQUEST *req, long long id, struct success_customer *c)
{
	struct db_args scope = { 0 };
	int found = 0;
	STRING sql;
	DB_STMT *q;
	NEOERR *err;

	memset(c, 0, sizeof(*c));
	string_init(&sql);
	err = string_append(&sql, "SELECT c.id, c.name, COALESCE(c.owner_id, 0), COALESCE(c.csm_id, 0), "
			    POLICY_DEPTH_SQL("c.owner_id") " FROM customer c WHERE c.id = ? AND ");
	if (!err)
		err = user_scope_sql(req->user, req->user->read_scope, "c.owner_id", "c.region_id",
				     &sql, &scope);
	if (!err)
		err = db_prepare(&q, sql.buf);
	string_clear(&sql);
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, req->user->id);
	db_bind_int(q, 2, id);
	db_bind_args(q, &scope, 3);
	if (db_step(q) == DB_ROW) {
		found = 1;
		c->id = db_col_int(q, 0);
		snprintf(c->name, sizeof(c->name), "%s", db_col_text(q, 1));
		c->owner = db_col_int(q, 2);
		c->csm = db_col_int(q, 3);
		c->depth = (int)db_col_int(q, 4);
	}
	err = db_finalize(q);
	if (!err && (!found || c->id != id))
		err = nerr_raise(ERR_NOT_FOUND, "customer %lld not in scope", id);
	return nerr_pass(err);
}

/* May the user edit the renewal packages of a customer with this CSM?
 * The CSM, and the managers above the CSM in the org chart (the director
 * at the top); with no CSM named, only a sales director. */
static NEOERR *renewal_may_edit(REQUEST *req, long long csm, int *ok)
{
	long long v = 0;
	int found = 0;
	NEOERR *err = STATUS_OK;

	*ok = 0;
	if (csm && req->user->id == csm) {
		*ok = 1;
	} else if (csm) {
		err = db_int_query(&v, &found, "SELECT COUNT(*) FROM user_tree WHERE ancestor_id = ?"
				   " AND descendant_id = ? AND depth >= 1", "ii", req->user->id, csm);
		*ok = !err && found && v > 0;
	} else {
		*ok = !strcmp(req->user->role, "sales_director");
	}
	return nerr_pass(err);
}

NEOERR *success_page(REQUEST *req)
{
	struct success_customer c;
	const char *done = request_param(req, "done");
	int may_edit = 0, n = 0;
	DB_STMT *q;
	HDF *s;
	NEOERR *err = success_customer_load(req, req->ids[0], &c);

	if (!err) err = hdf_get_node(req->hdf, "Success", &s);
	if (!err) {
		char idbuf[24];

		snprintf(idbuf, sizeof(idbuf), "%lld", c.id);
		err = hdf_set_value(s, "CustomerId", idbuf);
	}
	if (!err) err = hdf_set_value(s, "CustomerName", c.name);
	if (!err) err = renewal_may_edit(req, c.csm, &may_edit);
	if (!err && may_edit) err = hdf_set_value(s, "MayEditRenewal", "1");
	if (!err && c.csm) {
		err = db_prepare(&q, "SELECT display_name FROM users WHERE id = ?");
		if (err)
			return nerr_pass(err);
		db_bind_int(q, 1, c.csm);
		if (db_step(q) == DB_ROW)
			err = hdf_set_value(s, "Csm", db_col_text(q, 0));
		if (!err) {
			char idbuf[24];

			snprintf(idbuf, sizeof(idbuf), "%lld", c.csm);
			err = hdf_set_value(s, "CsmId", idbuf);
		}
		{
			NEOERR *e2 = db_finalize(q);

			if (!err) err = e2; else nerr_ignore(&e2);
		}
	}
	if (err)
		return nerr_pass(err);
	err = db_prepare(&q, "SELECT k.id, DATE_FORMAT(k.start_date, '%Y-%m-%d'), DATE_FORMAT(k.end_date, '%Y-%m-%d'),"
			 " k.amount, k.deal_id, d.name, DATEDIFF(k.end_date, ?),"
			 " r.contract_id IS NOT NULL, r.history, r.satisfaction, r.competitors, r.talking_points,"
			 " r.updated_at, ru.display_name"
			 " FROM contract k LEFT JOIN deal d ON d.id = k.deal_id"
			 " LEFT JOIN renewal_package r ON r.contract_id = k.id"
			 " LEFT JOIN users ru ON ru.id = r.updated_by"
			 " WHERE k.customer_id = ? ORDER BY k.start_date DESC, k.id DESC LIMIT 50");
	if (err)
		return nerr_pass(err);
	{
		char today[16], now[32];

		success_today(today, sizeof(today), now, sizeof(now));
		db_bind_text(q, 1, today);
		db_bind_int(q, 2, c.id);
		while (!err && db_step(q) == DB_ROW) {
			struct policy_subject ks = { db_col_int(q, 0), c.owner, c.depth, 1 };
			HDF *row;

			err = render_row(s, "Contracts", n++, &row);
			if (!err) err = hdf_set_value(row, "Id", db_col_text(q, 0));
			if (!err) err = hdf_set_value(row, "Start", db_col_text(q, 1));
			if (!err) err = hdf_set_value(row, "End", db_col_text(q, 2));
			if (!err) err = policy_put(req, row, "Amount", "contract", "amount", &ks, db_col_text(q, 3));
			if (!err) err = render_set(row, "DealId", db_col_text(q, 4));
			if (!err) err = render_set(row, "Deal", db_col_text(q, 5));
			if (!err) err = hdf_set_value(row, "DaysLeft", db_col_text(q, 6));
			if (!err && db_col_int(q, 7)) {
				err = hdf_set_value(row, "Package", "1");
				if (!err) err = render_set(row, "History", db_col_text(q, 8));
				if (!err) err = render_set(row, "Satisfaction", db_col_text(q, 9));
				if (!err) err = render_set(row, "Competitors", db_col_text(q, 10));
				if (!err) err = render_set(row, "TalkingPoints", db_col_text(q, 11));
				if (!err) err = render_set_time(req, row, "Updated", db_col_text(q, 12));
				if (!err) err = render_set(row, "UpdatedBy", db_col_text(q, 13));
			}
		}
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	n = 0;
	if (!err)
		err = db_prepare(&q, "SELECT t.contract_id, t.kind, t.status, t.due_at, u.display_name"
				 " FROM success_task t JOIN contract k ON k.id = t.contract_id"
				 " LEFT JOIN users u ON u.id = t.assignee_id WHERE k.customer_id = ?"
				 " ORDER BY t.due_at, t.id LIMIT 100");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, c.id);
	while (!err && db_step(q) == DB_ROW) {
		HDF *row;

		err = render_row(s, "Tasks", n++, &row);
		if (!err) err = hdf_set_value(row, "Contract", db_col_text(q, 0));
		if (!err) err = hdf_set_value(row, "Kind", db_col_text(q, 1));
		if (!err) err = hdf_set_value(row, "Status", db_col_text(q, 2));
		if (!err) err = render_set_time(req, row, "Due", db_col_text(q, 3));
		if (!err) err = render_set(row, "Assignee", db_col_text(q, 4));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err && user_can(req->user, "contract.edit")) {
		err = hdf_set_value(s, "MayEditContract", "1");
		if (!err)
			err = render_id_names(req->hdf, "CsmOptions",
					      "SELECT u.id, u.display_name FROM users u JOIN role r ON r.id = u.role_id"
					      " WHERE r.code = 'csm' AND u.status = 'active' ORDER BY u.id");
	}
	if (!err && done) err = hdf_set_value(req->hdf, "Page.Flash", done);
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "customer");
	req->template_name = "success.cs";
	return nerr_pass(err);
}

static NEOERR *success_back(REQUEST *req, long long customer, const char *done)
{
	char path[96];

	snprintf(path, sizeof(path), "/customers/%lld/success?done=%s", customer, done);
	return nerr_pass(request_redirect(req, path));
}

/* Shows the page again with what was typed and why it was refused. */
static NEOERR *success_refuse_form(REQUEST *req, const char *field, const char *msg)
{
	HDF *f;
	NEOERR *err = hdf_get_node(req->hdf, "Form.Errors", &f);

	if (!err && field && !hdf_get_value(f, field, NULL))
		err = hdf_set_value(f, field, msg);
	if (!err)
		err = success_page(req);
	req->status = 400;
	return nerr_pass(err);
}

/* POST /customers/#/contracts: start, end, amount, CSM. */
NEOERR *success_contract_create(REQUEST *req)
{
	const char *start = request_param(req, "start_date");
	const char *end = request_param(req, "end_date");
	const char *amount = request_param(req, "amount");
	long long csm = request_param_int(req, "csm", 0);
	struct success_customer c;
	unsigned long long id = 0;
	NEOERR *err = success_customer_load(req, req->ids[0], &c);

	if (err)
		return nerr_pass(err);
	if (req->param_errors)
		return nerr_pass(success_refuse_form(req, NULL, NULL));
	if (!start)
		return nerr_pass(success_refuse_form(req, "start_date", "Valid.Required"));
	if (!end)
		return nerr_pass(success_refuse_form(req, "end_date", "Valid.Required"));
	{
		int days = success_days_between(start, end);

		if (days == INT_MIN)
			return nerr_pass(success_refuse_form(req, "start_date", "Valid.Date"));
		if (days < 1)
			return nerr_pass(success_refuse_form(req, "end_date", "Success.EndBeforeStart"));
	}
	if (csm) {
		long long ok = 0;

		err = db_int_query(&ok, NULL, "SELECT COUNT(*) FROM users u JOIN role r ON r.id = u.role_id"
				   " WHERE u.id = ? AND r.code = 'csm' AND u.status = 'active'", "i", csm);
		if (err)
			return nerr_pass(err);
		if (!ok)
			return nerr_pass(success_refuse_form(req, "csm", "Success.NotCsm"));
	}
	err = db_begin();
	if (!err)
		err = db_execf(&id, "INSERT INTO contract (customer_id, start_date, end_date, amount, created_by,"
			       " created_at) VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP(6))", "ittti", c.id, start, end,
			       amount, req->user->id);
	if (!err) {
		char what[48];
		struct audit_event ev = { "contract.create", "contract", (long long)id, NULL, NULL, what };

		/* the amount is policed: the audit says only that there is one */
		snprintf(what, sizeof(what), "%s..%s%s", start, end, amount ? " amount" : "");
		err = audit_log(req, &ev);
	}
	if (!err && csm && csm != c.csm) {
		char before[24], after[24];
		struct audit_event ev = { "customer.csm", "customer", c.id, "csm_id", before, after };

		snprintf(before, sizeof(before), "%lld", c.csm);
		snprintf(after, sizeof(after), "%lld", csm);
		err = db_execf(NULL, "UPDATE customer SET csm_id = ?, updated_at = UTC_TIMESTAMP(6) WHERE id = ?",
			       "ii", csm, c.id);
		if (!err) err = audit_log(req, &ev);
	}
	err = db_finish(err);
	if (!err)
		err = success_back(req, c.id, "ContractSaved");
	return nerr_pass(err);
}

/* POST /customers/#/csm: name (or change) the customer's CSM. */
NEOERR *success_csm_set(REQUEST *req)
{
	long long csm = request_param_int(req, "csm", 0);
	struct success_customer c;
	long long ok = 0;
	NEOERR *err = success_customer_load(req, req->ids[0], &c);

	if (err)
		return nerr_pass(err);
	if (!csm)
		return nerr_pass(success_refuse_form(req, "csm", "Valid.Required"));
	err = db_int_query(&ok, NULL, "SELECT COUNT(*) FROM users u JOIN role r ON r.id = u.role_id"
			   " WHERE u.id = ? AND r.code = 'csm' AND u.status = 'active'", "i", csm);
	if (err)
		return nerr_pass(err);
	if (!ok)
		return nerr_pass(success_refuse_form(req, "csm", "Success.NotCsm"));
	err = db_begin();
	if (!err)
		err = db_execf(NULL, "UPDATE customer SET csm_id = ?, updated_at = UTC_TIMESTAMP(6) WHERE id = ?",
			       "ii", csm, c.id);
	if (!err) {
		char before[24], after[24];
		struct audit_event ev = { "customer.csm", "customer", c.id, "csm_id", before, after };

		snprintf(before, sizeof(before), "%lld", c.csm);
		snprintf(after, sizeof(after), "%lld", csm);
		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	if (!err)
		err = success_back(req, c.id, "CsmSaved");
	return nerr_pass(err);
}

/* POST /renewals/# (a contract id): the CSM or a manager above saves the
 * package; anybody else is refused 403, and the refusal is audited. */
NEOERR *success_renewal_save(REQUEST *req)
{
	static const char *const fields[] = { "history", "satisfaction", "competitors", "talking_points" };
	const char *v[4];
	long long customer = 0, contract = req->ids[0];
	struct success_customer c;
	int found = 0, ok = 0;
	NEOERR *err;

	err = db_int_query(&customer, &found, "SELECT k.customer_id FROM contract k JOIN renewal_package r"
			   " ON r.contract_id = k.id WHERE k.id = ?", "i", contract);
	if (!err && !found)
		err = nerr_raise(ERR_NOT_FOUND, "renewal package %lld", contract);
	if (!err)
		err = success_customer_load(req, customer, &c);
	if (!err)
		err = renewal_may_edit(req, c.csm, &ok);
	if (err)
		return nerr_pass(err);
	if (!ok) {
		struct audit_event ev = { "renewal.edit.refused", "contract", contract, NULL, NULL,
					  "not the CSM or a manager above" };

		err = audit_log(req, &ev);
		if (!err)
			err = nerr_raise(ERR_FORBIDDEN, "renewal package %lld: only the CSM and the managers above",
					 contract);
		return nerr_pass(err);
	}
	req->ids[0] = c.id;    /* the page shown again on a refusal is the customer's */
	if (req->param_errors)
		return nerr_pass(success_refuse_form(req, NULL, NULL));
	for (int i = 0; i < 4; i++)
		v[i] = request_param(req, fields[i]);
	err = db_begin();
	if (!err)
		err = db_execf(NULL, "UPDATE renewal_package SET history = ?, satisfaction = ?, competitors = ?,"
			       " talking_points = ?, updated_at = UTC_TIMESTAMP(6), updated_by = ?"
			       " WHERE contract_id = ?", "ttttii", v[0], v[1], v[2], v[3], req->user->id,
			       contract);
	if (!err) {
		struct audit_event ev = { "renewal.edit", "contract", contract, NULL, NULL, NULL };

		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	if (!err)
		err = success_back(req, c.id, "RenewalSaved");
	return nerr_pass(err);
}

/* GET /success/gaps: the monthly scan's list, in the reader's scope. */
NEOERR *success_gaps(REQUEST *req)
{
	char today[16], now[32];
	struct db_args args = { 0 };
	int n = 0;
	STRING sql;
	DB_STMT *q;
	NEOERR *err;

	success_today(today, sizeof(today), now, sizeof(now));
	db_args_text(&args, now);
	db_args_int(&args, SUCCESS_GAP_GRACE_DAYS);
	db_args_text(&args, today);
	string_init(&sql);
	err = string_append(&sql, GAP_SQL_COLUMNS GAP_SQL_FROM " AND ");
	if (!err)
		err = user_scope_sql(req->user, req->user->read_scope, "c.owner_id", "c.region_id", &sql, &args);
	if (!err)
		err = string_append(&sql, " ORDER BY w.won_at, c.id LIMIT 500");
	if (!err)
		err = db_prepare(&q, sql.buf);
	string_clear(&sql);
	if (err)
		return nerr_pass(err);
	db_bind_args(q, &args, 1);
	while (!err && db_step(q) == DB_ROW) {
		HDF *row;

		err = render_row(req->hdf, "Gaps", n++, &row);
		if (!err) err = hdf_set_value(row, "Id", db_col_text(q, 0));
		if (!err) err = hdf_set_value(row, "Name", db_col_text(q, 1));
		if (!err) err = render_set(row, "Owner", db_col_text(q, 2));
		if (!err) err = render_set(row, "Deal", db_col_text(q, 5));
		if (!err) err = render_set_time(req, row, "WonAt", db_col_text(q, 6));
		if (!err) err = hdf_set_value(row, "Reason", !db_col_int(q, 7) ? "NoContract"
					      : !db_col_int(q, 8) ? "NoCsm" : "NoWelcome");
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err) err = hdf_set_int_value(req->hdf, "GapCount", n);
	if (!err) err = hdf_set_int_value(req->hdf, "GapGraceDays", SUCCESS_GAP_GRACE_DAYS);
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "success-gaps");
	req->template_name = "success_gaps.cs";
	return nerr_pass(err);
}
