/* seed.c — a believable demo company, through the application account and
 * on the audit record like any other change. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "audit.h"
#include "config.h"
#include "db.h"
#include "lead.h"
#include "seed.h"
#include "user.h"

struct demo_user {
	const char *login, *name, *role, *team, *region, *manager;
	const char *status;          /* active / frozen */
	int hire_days_ago;           /* -1: long ago */
	int cert_days;               /* certificate valid for this many days; <0 expired */
	const char *phone, *email;
};

/* Managers come before the people who report to them. */
static const struct demo_user demo[] = {
	{ "admin", "系统管理员", "sysadmin", NULL, NULL, NULL, "active", -1, 0, NULL, "admin@huaxin-demo.cn" },
	{ "director", "王建国", "sales_director", NULL, NULL, NULL, "active", -1, 365, "13800000001", "wang.jianguo@huaxin-demo.cn" },
	{ "ops", "周敏", "ops_admin", NULL, NULL, "director", "active", -1, 0, "13800000002", "zhou.min@huaxin-demo.cn" },
	{ "mgr_east", "陈思远", "regional_manager", "华东一组", "EAST", "director", "active", -1, 365, "13800000003", "chen.siyuan@huaxin-demo.cn" },
	{ "mgr_south", "林晓峰", "regional_manager", "华南一组", "SOUTH", "director", "active", -1, 365, "13800000004", "lin.xiaofeng@huaxin-demo.cn" },
	{ "lead_east", "赵婷", "team_lead", "华东一组", "EAST", "mgr_east", "active", -1, 300, "13800000005", "zhao.ting@huaxin-demo.cn" },
	{ "rep_east1", "张伟", "sales_rep", "华东一组", "EAST", "lead_east", "active", -1, 200, "13800000006", "zhang.wei@huaxin-demo.cn" },
	{ "rep_east2", "李娜", "sales_rep", "华东一组", "EAST", "lead_east", "active", -1, 180, "13800000007", "li.na@huaxin-demo.cn" },
	{ "rep_east_new", "刘洋", "sales_rep", "华东一组", "EAST", "lead_east", "active", 2, 365, "13800000008", "liu.yang@huaxin-demo.cn" },
	{ "rep_south1", "黄磊", "sales_rep", "华南一组", "SOUTH", "mgr_south", "active", -1, 120, "13800000009", "huang.lei@huaxin-demo.cn" },
	{ "rep_expired", "吴刚", "sales_rep", "华南一组", "SOUTH", "mgr_south", "active", -1, -10, "13800000010", "wu.gang@huaxin-demo.cn" },
	{ "rep_frozen", "郑凯", "sales_rep", "华南一组", "SOUTH", "mgr_south", "frozen", -1, 90, "13800000011", "zheng.kai@huaxin-demo.cn" },
	{ "presales1", "孙博", "presales", NULL, "EAST", "director", "active", -1, 0, "13800000012", "sun.bo@huaxin-demo.cn" },
	{ "finance1", "钱芳", "finance", NULL, NULL, "director", "active", -1, 0, "13800000013", "qian.fang@huaxin-demo.cn" },
	{ "legal1", "冯律", "legal", NULL, NULL, "director", "active", -1, 0, "13800000014", "feng.lv@huaxin-demo.cn" },
	{ "csm1", "何静", "csm", NULL, "EAST", "director", "active", -1, 0, "13800000015", "he.jing@huaxin-demo.cn" },
	{ "auditor1", "审计员（外部）", "auditor", NULL, NULL, NULL, "active", -1, 0, NULL, "audit@huaxin-demo.cn" },
};

static NEOERR *seed_user(const struct demo_user *d, const char *password)
{
	char hash[crypto_pwhash_STRBYTES], cert_no[32] = "";
	unsigned long long id = 0;
	DB_STMT *q;
	NEOERR *err;

	err = user_hash_password(password, hash, sizeof(hash));
	if (err)
		return nerr_pass(err);
	if (d->cert_days)
		snprintf(cert_no, sizeof(cert_no), "QC-2026-%s", d->login);
	err = db_prepare(&q,
		"INSERT INTO users (login, display_name, password_hash, role_id, team_id,"
		" region_id, manager_id, status, cert_no, cert_expires, hire_date, phone, email,"
		" password_changed_at)"
		" SELECT ?, ?, ?, (SELECT id FROM role WHERE code = ?),"
		" (SELECT id FROM team WHERE name = ?), (SELECT id FROM region WHERE code = ?),"
		" (SELECT id FROM users WHERE login = ?), ?, ?,"
		" IF(? = 0, NULL, UTC_DATE() + INTERVAL ? DAY),"
		" IF(? < 0, '2023-03-01', UTC_DATE() - INTERVAL ? DAY), ?, ?, UTC_TIMESTAMP(6)");
	if (err)
		return nerr_pass(err);
	db_bind_text(q, 1, d->login);
	db_bind_text(q, 2, d->name);
	db_bind_text(q, 3, hash);
	db_bind_text(q, 4, d->role);
	db_bind_text(q, 5, d->team);
	db_bind_text(q, 6, d->region);
	db_bind_text(q, 7, d->manager);
	db_bind_text(q, 8, d->status);
	db_bind_text(q, 9, cert_no[0] ? cert_no : NULL);
	db_bind_int(q, 10, d->cert_days);
	db_bind_int(q, 11, d->cert_days);
	db_bind_int(q, 12, d->hire_days_ago);
	db_bind_int(q, 13, d->hire_days_ago);
	db_bind_text(q, 14, d->phone);
	db_bind_text(q, 15, d->email);
	db_step(q);
	id = db_insert_id(q);
	err = db_finalize(q);
	if (!err) {
		struct audit_event ev = { "user.create", "user", (long long)id, NULL, NULL, d->login };

		err = audit_log_as(0, "seed-demo", NULL, NULL, NULL, &ev);
	}
	return nerr_pass(err);
}

static NEOERR *seed_org(const char *password)
{
	NEOERR *err;

	err = db_execf(NULL, "INSERT INTO company (name, time_zone) VALUES (?, ?)",
		       "tt", "华信医疗器械（示例）有限公司", "Asia/Shanghai");
	if (!err)
		err = db_execf(NULL, "INSERT INTO region (code, name) VALUES ('EAST', ?), ('SOUTH', ?)",
			       "tt", "华东", "华南");
	if (!err)
		err = db_execf(NULL, "INSERT INTO team (name, region_id) VALUES"
			       " (?, (SELECT id FROM region WHERE code = 'EAST')),"
			       " (?, (SELECT id FROM region WHERE code = 'SOUTH'))",
			       "tt", "华东一组", "华南一组");
	for (size_t i = 0; !err && i < sizeof(demo) / sizeof(demo[0]); i++)
		err = seed_user(&demo[i], password);
	if (!err)
		err = user_tree_rebuild();
	return nerr_pass(err);
}

/* Channels with their weights and first-response SLAs (R1.1), and the
 * province codes (GB/T 2260) each sales region covers. */
static NEOERR *seed_channels(void)
{
	static const struct {
		const char *code, *name, *weight;
		int sla;
		const char *fields;
	} ch[] = {
		{ "live", "直播", "1.00", 120, "company,region,industry,need,intent" },
		{ "douyin", "抖音表单", "1.00", 120, "company,region,need,intent" },
		{ "wechat", "公众号菜单", "0.70", 240, "company,region,email,need,intent" },
		{ "expo", "展会", "0.90", 1440, "company,region,industry,email,need,intent" },
		{ "referral", "老客转介", "1.00", 60, "company,region,industry,email,need,intent" },
		{ "website", "官网", "0.80", 240, "company,region,industry,email,need,intent" },
	};
	static const struct {
		const char *prefix, *region;
	} map[] = {
		{ "31", "EAST" }, { "32", "EAST" }, { "33", "EAST" }, { "34", "EAST" },
		{ "35", "EAST" }, { "36", "EAST" }, { "37", "EAST" },
		{ "44", "SOUTH" }, { "45", "SOUTH" }, { "46", "SOUTH" },
	};
	NEOERR *err = STATUS_OK;

	for (size_t i = 0; !err && i < sizeof(ch) / sizeof(ch[0]); i++)
		err = db_execf(NULL, "INSERT INTO channel (code, name, weight, sla_minutes, form_fields)"
			       " VALUES (?, ?, ?, ?, ?)", "tttit", ch[i].code, ch[i].name,
			       ch[i].weight, (long long)ch[i].sla, ch[i].fields);
	for (size_t i = 0; !err && i < sizeof(map) / sizeof(map[0]); i++)
		err = db_execf(NULL, "INSERT INTO region_code_map (prefix, region_id)"
			       " SELECT ?, id FROM region WHERE code = ?", "tt",
			       map[i].prefix, map[i].region);
	return nerr_pass(err);
}

/* A small linear congruential generator: the demo is the same every time. */
static int seed_rand(unsigned *x, int n)
{
	*x = *x * 1103515245u + 12345u;
	return (int)((*x >> 16) % (unsigned)n);
}

/* A few hundred believable leads over the last 30 days: deterministic, so
 * every demo looks the same. */
static NEOERR *seed_leads(int count)
{
	static const char *const surnames[] = { "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭" };
	static const char *const given[] = { "伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "杰", "娟", "涛", "明", "超", "秀英", "建华" };
	static const char *const companies[] = {
		"上海瑞康医疗科技有限公司", "杭州迈德医疗器械有限公司", "南京同仁医院", "苏州健源生物科技有限公司",
		"宁波康泰医疗设备有限公司", "合肥安诺医学检验所", "广州华南医疗集团", "深圳迈瑞合作医院",
		"佛山中联制造有限公司", "东莞精工电子有限公司", "南宁康之源药业有限公司", "海口仁和医院",
		"厦门云途软件有限公司", "福州海峡教育集团", "济南鲁信零售有限公司", "青岛海越物流有限公司",
	};
	static const char *const codes[] = { "310101", "320102", "330106", "340104", "350203", "370102", "440106", "440305", "450103", "460105" };
	static const char *const industries[] = { "medical", "medical", "medical", "manufacturing", "education", "retail", "saas", "other" };
	static const char *const intents[] = { "demo", "requirement_doc", "white_paper", "video", "contact", "white_paper,video", "demo,requirement_doc", "contact" };
	static const char *const needs[] = {
		"想了解设备的临床试用流程", "需要一份与竞品的对比方案", "预算在年底前审批，先看报价",
		"院内信息科要求先做接口评估", "关注售后响应时间", "", "希望安排一次上门演示", "",
	};
	static const char *const owners_east[] = { "rep_east1", "rep_east2", "rep_east_new", NULL };
	static const char *const owners_south[] = { "rep_south1", "rep_expired", NULL };
	unsigned x = 20260123;
	NEOERR *err = STATUS_OK;

	for (int i = 0; !err && i < count; i++) {
		struct lead_input in;
		char name[32], phone[16];
		long long id, chan = 0, owner = 0;
		const char *code;
		int south;

		memset(&in, 0, sizeof(in));
		{
			int s1 = seed_rand(&x, 16), g1 = seed_rand(&x, 16);
			int p1 = 5 + seed_rand(&x, 5), p2 = seed_rand(&x, 10000) * 10000 + seed_rand(&x, 10000);

			snprintf(name, sizeof(name), "%s%s", surnames[s1], given[g1]);
			snprintf(phone, sizeof(phone), "13%d%08d", p1, p2);
		}
		code = codes[seed_rand(&x, 10)];
		south = code[0] == '4';
		in.name = name;
		in.phone = phone;
		in.company = companies[seed_rand(&x, 16)];
		in.region_code = code;
		in.industry = industries[seed_rand(&x, 8)];
		in.intent = intents[seed_rand(&x, 8)];
		in.need = needs[seed_rand(&x, 8)];
		in.source = "seed-demo";
		err = db_int_query(&chan, NULL, "SELECT id FROM channel ORDER BY id LIMIT 1 OFFSET ?",
				   "i", (long long)seed_rand(&x, 6));
		in.channel_id = chan;
		/* two in three have an owner in their region; the rest wait */
		if (!err && seed_rand(&x, 3)) {
			const char *const *o = south ? owners_south : owners_east;
			const char *login = o[seed_rand(&x, south ? 2 : 3)];

			err = db_int_query(&owner, NULL, "SELECT id FROM users WHERE login = ?", "t", login);
			in.owner_id = owner;
		}
		if (!err)
			err = lead_create(&in, 0, "seed-demo", NULL, &id);
		if (!err) {
			int minutes = seed_rand(&x, 30 * 24 * 60);

			err = db_execf(NULL, "UPDATE lead SET created_at = created_at - INTERVAL ? MINUTE,"
				       " updated_at = created_at, sla_due_at = sla_due_at - INTERVAL ? MINUTE"
				       " WHERE id = ?", "iii", (long long)minutes, (long long)minutes, id);
		}
	}
	return nerr_pass(err);
}

/* Deals over both pipelines and every stage (issue 7): the first leads that
 * have an owner are converted the way lead_convert does it; stage entry
 * times are spread so that some cards are past their stagnation limit. */
static NEOERR *seed_deals(int count)
{
	static const long long amounts[] = { 180000, 560000, 1200000, 86000, 2400000, 350000, 98000 };
	long long ids[64];
	int n = 0;
	DB_STMT *q;
	NEOERR *err = db_prepare(&q, "SELECT id FROM lead WHERE owner_id IS NOT NULL AND status <> 'converted'"
				 " ORDER BY id LIMIT ?");

	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, count < 64 ? count : 64);
	while (db_step(q) == DB_ROW && n < 64)
		ids[n++] = db_col_int(q, 0);
	err = db_finalize(q);
	for (int i = 0; !err && i < n; i++) {
		unsigned long long customer = 0, deal = 0;
		const char *pipeline = i % 3 == 2 ? "hospital" : "standard";
		long long pos = 1 + (i / 3) % 5, hours = (i * 37) % 260;

		err = db_execf(&customer,
			"INSERT INTO customer (name, name_norm, owner_id, region_id, region_code, industry, phone,"
			" email, created_at, updated_at) SELECT COALESCE(NULLIF(company, ''), name),"
			" COALESCE(NULLIF(company_norm, ''), name), owner_id, region_id, region_code, industry,"
			" phone, email, created_at, UTC_TIMESTAMP(6) FROM lead WHERE id = ?", "i", ids[i]);
		if (!err)
			err = db_execf(NULL, "INSERT INTO contact (customer_id, name, phone, email, is_key, decision_maker,"
				       " created_at) SELECT ?, name, phone, email, 1, ?, UTC_TIMESTAMP(6) FROM lead"
				       " WHERE id = ?", "iii", (long long)customer, (long long)(pos > 2), ids[i]);
		if (!err && pos > 2)
			err = db_execf(NULL, "INSERT INTO contact (customer_id, name, title, decision_maker, created_at)"
				       " VALUES (?, ?, ?, 1, UTC_TIMESTAMP(6))", "itt", (long long)customer,
				       "周主任", "设备科主任");
		if (!err)
			err = db_execf(&deal,
				"INSERT INTO deal (customer_id, pipeline_id, stage_id, owner_id, region_id, name, amount,"
				" budget_confirmed, stage_entered_at, created_at, updated_at)"
				" SELECT ?, p.id, s.id, l.owner_id, l.region_id,"
				" LEFT(CONCAT(COALESCE(NULLIF(l.company, ''), l.name), ' · ', p.name), 200), ?, ?,"
				" UTC_TIMESTAMP(6) - INTERVAL ? HOUR, UTC_TIMESTAMP(6) - INTERVAL ? HOUR, UTC_TIMESTAMP(6)"
				" FROM lead l JOIN pipeline p ON p.code = ? JOIN stage s ON s.pipeline_id = p.id"
				" AND s.position = ? WHERE l.id = ?", "iiiiitii", (long long)customer,
				amounts[i % 7], (long long)(pos > 2), hours, hours + 24 * pos, pipeline, pos, ids[i]);
		if (!err)
			err = db_execf(NULL, "UPDATE lead SET status = 'converted', customer_id = ?, deal_id = ?,"
				       " first_response_at = COALESCE(first_response_at, created_at) WHERE id = ?",
				       "iii", (long long)customer, (long long)deal, ids[i]);
		/* deals at or past a checklist stage: some items done, some late,
		 * some missing, so the compliance report has something to say */
		if (!err)
			err = db_execf(NULL,
				"INSERT INTO deal_check (deal_id, item_id, done_by, done_at, stage_entered_at, approval)"
				" SELECT d.id, i.id, d.owner_id, d.stage_entered_at - INTERVAL (24 * ? - i.position * 9) HOUR,"
				" d.stage_entered_at - INTERVAL (24 * ?) HOUR, IF(i.needs_approval = 1, 'pending', 'none')"
				" FROM deal d JOIN stage cs ON cs.id = d.stage_id JOIN stage s ON s.pipeline_id = d.pipeline_id"
				" AND s.position <= cs.position JOIN checklist_item i ON i.stage_id = s.id"
				" WHERE d.id = ? AND (i.position + ?) % 4 <> 0", "iiii", pos * 4, pos * 4,
				(long long)deal, (long long)i);
		if (!err)
			err = db_execf(NULL, "INSERT INTO deal_event (deal_id, at, kind, to_stage_id, detail)"
				       " SELECT id, stage_entered_at, 'seed', stage_id, 'seed-demo' FROM deal WHERE id = ?",
				       "i", (long long)deal);
	}
	return nerr_pass(err);
}

/* The tasks the demo deals' stages made on entry (F1), as deal_move's
 * deal_enter_tasks() makes them: the owner's own, or the first active
 * person of the role preferring the deal's region; due from the stage
 * entry, so the older ones are overdue on the "today" page. */
static NEOERR *seed_tasks(void)
{
	return nerr_pass(db_execf(NULL,
		"INSERT INTO task (deal_id, stage_id, title, role_code, assignee_id, due_at, created_at)"
		" SELECT d.id, t.stage_id, t.title, t.role_code, COALESCE(IF(t.role_code = 'owner', d.owner_id, NULL),"
		"  (SELECT u.id FROM users u JOIN role r ON r.id = u.role_id WHERE r.code = t.role_code"
		"   AND u.status = 'active' ORDER BY u.region_id <=> d.region_id DESC, u.id LIMIT 1), d.owner_id),"
		" d.stage_entered_at + INTERVAL t.due_hours HOUR, d.stage_entered_at"
		" FROM deal d JOIN stage_task t ON t.stage_id = d.stage_id"
		" WHERE d.status = 'open' AND d.owner_id IS NOT NULL ORDER BY d.id, t.id", NULL));
}

/* One step of the demo, run only when its table is still empty, so an
 * older demo database gains what later versions add. */
static NEOERR *seed_step(const char *count_sql, NEOERR *(*step)(void *), void *arg,
			 const char *what, int *seeded)
{
	long long n;
	NEOERR *err = db_int_query(&n, NULL, count_sql, NULL);

	if (err || n > 0)
		return nerr_pass(err);
	err = db_begin();
	if (!err)
		err = step(arg);
	if (!err) {
		struct audit_event ev = { "seed.demo", NULL, 0, NULL, NULL, what };

		err = audit_log_as(0, "seed-demo", NULL, NULL, NULL, &ev);
	}
	if (err) {
		db_rollback();
		return nerr_pass(err);
	}
	err = db_commit();
	if (!err)
		(*seeded)++;
	return nerr_pass(err);
}

/* Demo routing rules (issue 8): high intent to the region's team by
 * weighted match, medium intent round robin in the region's pool, low
 * intent to the new-hire pool (R1.3). */
static NEOERR *seed_rules(void)
{
	static const struct {
		const char *name;
		int priority;
		const char *region, *tier, *kind, *team, *strategy;
	} r[] = {
		{ "华东高意向 → 华东一组（加权匹配）", 10, "EAST", "high", "team", "华东一组", "weighted" },
		{ "华南高意向 → 华南一组（加权匹配）", 20, "SOUTH", "high", "team", "华南一组", "weighted" },
		{ "华东中意向 → 华东销售池（轮流）", 30, "EAST", "medium", "pool", NULL, "round_robin" },
		{ "华南中意向 → 华南销售池（负载最低）", 40, "SOUTH", "medium", "pool", NULL, "least_loaded" },
		{ "低意向 → 新人练手池", 50, NULL, "low", "pool", NULL, "new_hire" },
		{ "兜底：全部销售（负载最低）", 900, NULL, NULL, "pool", NULL, "least_loaded" },
	};
	/* The demo's reps carry 30 days of leads already; a cap of 80 open
	 * leads and customers leaves room to route today's (the default is 35). */
	NEOERR *err = db_execf(NULL, "UPDATE users u JOIN role r ON r.id = u.role_id SET u.load_cap = 80"
			       " WHERE r.code IN ('sales_rep', 'team_lead')", NULL);

	for (size_t i = 0; !err && i < sizeof(r) / sizeof(r[0]); i++)
		err = db_execf(NULL, "INSERT INTO routing_rule (name, priority, cond_region_id, cond_tier,"
			       " target_kind, target_team_id, strategy, created_at, updated_at)"
			       " VALUES (?, ?, (SELECT id FROM region WHERE code = ?), ?, ?,"
			       " (SELECT id FROM team WHERE name = ?), ?, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))",
			       "tittttt", r[i].name, (long long)r[i].priority, r[i].region, r[i].tier,
			       r[i].kind, r[i].team, r[i].strategy);
	return nerr_pass(err);
}

static NEOERR *step_rules(void *arg) { (void)arg; return seed_rules(); }
static NEOERR *step_org(void *arg) { return seed_org(arg); }
static NEOERR *step_channels(void *arg) { (void)arg; return seed_channels(); }
static NEOERR *step_leads(void *arg) { (void)arg; return seed_leads(300); }
static NEOERR *step_deals(void *arg) { (void)arg; return seed_deals(45); }
static NEOERR *step_tasks(void *arg) { (void)arg; return seed_tasks(); }

/* The success journey (issue 9, R11): three East customers' deals won —
 * one 285 days ago whose contract ends in 80 days (the scheduler prepares
 * its renewal package), one 2 days ago whose contract has just started
 * (welcome plan and health check), both looked after by csm1; and one won
 * 20 days ago with no contract, for the monthly scan's list. */
static NEOERR *seed_success(void)
{
	static const struct { int won_days_ago, contract_days_left, with_contract; } plan[] = {
		{ 285, 80, 1 }, { 2, 363, 1 }, { 20, 0, 0 },
	};
	long long ids[3];
	int n = 0;
	DB_STMT *q;
	NEOERR *err = db_prepare(&q, "SELECT d.id FROM deal d JOIN customer c ON c.id = d.customer_id"
				 " WHERE d.status = 'open' AND c.region_id = (SELECT region_id FROM users"
				 " WHERE login = 'csm1') ORDER BY d.id DESC LIMIT 3");

	if (err)
		return nerr_pass(err);
	while (db_step(q) == DB_ROW && n < 3)
		ids[n++] = db_col_int(q, 0);
	err = db_finalize(q);
	for (int i = 0; !err && i < n; i++) {
		long long ago = plan[i].won_days_ago;

		err = db_execf(NULL, "UPDATE deal d SET d.stage_id = (SELECT s.id FROM stage s WHERE s.pipeline_id ="
			       " d.pipeline_id ORDER BY s.position DESC LIMIT 1), d.status = 'won',"
			       " d.handoff_contacts = '采购负责人、设备科主任', d.handoff_documents = '合同、验收单',"
			       " d.handoff_issues = '二期扩容报价待确认', d.closed_at = UTC_TIMESTAMP(6) - INTERVAL ? DAY,"
			       " d.stage_entered_at = UTC_TIMESTAMP(6) - INTERVAL ? DAY WHERE d.id = ?", "iii",
			       ago, ago + 5, ids[i]);
		if (!err)
			err = db_execf(NULL, "INSERT INTO deal_event (deal_id, at, kind, detail)"
				       " SELECT id, closed_at, 'won', 'seed-demo' FROM deal WHERE id = ?", "i", ids[i]);
		if (!err && plan[i].with_contract) {
			err = db_execf(NULL, "UPDATE customer SET csm_id = (SELECT id FROM users WHERE login = 'csm1')"
				       " WHERE id = (SELECT customer_id FROM deal WHERE id = ?)", "i", ids[i]);
			if (!err)
				err = db_execf(NULL, "INSERT INTO contract (customer_id, deal_id, start_date, end_date,"
					       " amount, created_at) SELECT customer_id, id, UTC_DATE() - INTERVAL ? DAY,"
					       " UTC_DATE() + INTERVAL ? DAY, amount, closed_at FROM deal WHERE id = ?", "iii",
					       ago, (long long)plan[i].contract_days_left, ids[i]);
		}
		if (!err && i == 0)
			err = db_execf(NULL, "INSERT INTO activity (kind, user_id, customer_id, at, core_need, detail)"
				       " SELECT 'visit_record', (SELECT id FROM users WHERE login = 'csm1'), customer_id,"
				       " UTC_TIMESTAMP(6) - INTERVAL 40 DAY, '季度回访：使用顺畅，希望增加报表功能',"
				       " '对实施团队满意；提到竞品在做低价促销，采购在比价' FROM deal WHERE id = ?", "i", ids[i]);
	}
	return nerr_pass(err);
}
static NEOERR *step_success(void *arg) { (void)arg; return seed_success(); }

/* Issue 9's gaps in the demo: proposal and objection entries for the
 * dashboard's heat maps — rep_east_new quick (a proposal 1–2 days after the
 * deal opened, one price objection), rep_south1 slow (8–12 days, four or
 * five objection rounds a customer), all 31–55 days back — payments on time and late on the won customers,
 * trials and document downloads, a customer's reply to a proposal, and an
 * idle B customer without a deal with its customer-level task. */
static NEOERR *seed_signals(void)
{
	static const char *const steps[] = {
		/* the two reps' demo deals opened 38 days earlier, so their
		 * proposals and objections fall 31–55 days back: on the heat maps
		 * (8 weeks) but outside the credibility ratio's 30 days and the
		 * current week the tests build on */
		"UPDATE deal SET created_at = created_at - INTERVAL 38 DAY"
		" WHERE owner_id IN (SELECT id FROM users WHERE login IN ('rep_east_new', 'rep_south1'))",
		"INSERT INTO activity (kind, user_id, customer_id, at, source_ip, detail)"
		" SELECT 'sent_proposal', d.owner_id, d.customer_id,"
		"  LEAST(d.created_at + INTERVAL IF(u.login = 'rep_east_new', 20 + d.id % 3 * 9, 190 + d.id % 5 * 24) HOUR,"
		"  UTC_TIMESTAMP(6) - INTERVAL 31 DAY), '10.20.1.8', '发送方案及报价单'"
		" FROM deal d JOIN users u ON u.id = d.owner_id WHERE u.login IN ('rep_east_new', 'rep_south1')",
		/* objection rounds: one for the quick rep, four or five for the slow
		 * one, 31–34 days back (one seven-day column) */
		"INSERT INTO activity (kind, user_id, customer_id, at, source_ip, detail)"
		" SELECT 'price_objection', d.owner_id, d.customer_id,"
		"  UTC_TIMESTAMP(6) - INTERVAL (744 + n.seq * 10 + d.id % 7) HOUR, '10.20.1.8',"
		"  IF(n.seq = 1, '客户认为报价偏高，要求对比竞品', '再次议价：要求再降 5%')"
		" FROM deal d JOIN users u ON u.id = d.owner_id JOIN (SELECT 1 AS seq UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4"
		"  UNION ALL SELECT 5) n"
		"  ON n.seq <= IF(u.login = 'rep_east_new', 1, 4 + d.id % 2)"
		" WHERE u.login IN ('rep_east_new', 'rep_south1')",
		/* payments every 30 days after a won deal closed, one late (only
		 * those over 30 days back) */
		"INSERT INTO activity (kind, user_id, customer_id, at, source_ip, detail)"
		" SELECT IF(n.seq = 3 AND d.id % 2 = 0, 'paid_late', 'paid_on_time'), d.owner_id, d.customer_id,"
		"  d.closed_at + INTERVAL n.seq * 30 DAY, '10.20.1.8', CONCAT('第 ', n.seq, ' 期回款')"
		" FROM deal d JOIN (SELECT 1 AS seq UNION ALL SELECT 2 UNION ALL SELECT 3) n WHERE d.status = 'won'"
		" AND d.closed_at + INTERVAL n.seq * 30 DAY < UTC_TIMESTAMP(6) - INTERVAL 30 DAY",
		/* trials and document downloads on rep_east_new's customers */
		"INSERT INTO activity (kind, user_id, customer_id, at, source_ip, detail)"
		" SELECT k.kind, d.owner_id, d.customer_id,"
		"  UTC_TIMESTAMP(6) - INTERVAL (32 + d.id % 5 + k.days) DAY, '10.20.1.8',"
		"  IF(k.kind = 'trial', '开通 14 天试用账号', '下载了产品白皮书和案例集')"
		" FROM deal d JOIN users u ON u.id = d.owner_id"
		" JOIN (SELECT 'trial' AS kind, 0 AS days UNION ALL SELECT 'doc_download', 2) k"
		" WHERE u.login = 'rep_east_new' AND d.status = 'open'",
		/* the customer answered rep_east_new's latest proposal */
		"INSERT INTO activity_reply (activity_id, replied_by, replied_at, body, recorded_by, recorded_at,"
		" source_ip) SELECT a.id, '采购部刘经理', a.at + INTERVAL 5 HOUR,"
		" '方案已收到，技术部下周三前反馈问题清单；价格需要再和财务确认。', a.user_id,"
		" a.at + INTERVAL 6 HOUR, '10.20.1.8' FROM activity a"
		" WHERE a.kind = 'sent_proposal' AND a.user_id = (SELECT id FROM users WHERE login = 'rep_east_new')"
		" ORDER BY a.at DESC LIMIT 1",
		/* an idle B customer without a deal, with its customer-level task */
		"INSERT INTO customer (name, name_norm, owner_id, region_id, region_code, industry, grade,"
		" created_at, updated_at) SELECT '杭州康宁口腔连锁', '杭州康宁口腔连锁', u.id, u.region_id,"
		" '330106', 'medical', 'B', UTC_TIMESTAMP(6) - INTERVAL 150 DAY, UTC_TIMESTAMP(6) - INTERVAL 150 DAY"
		" FROM users u WHERE u.login = 'rep_east1'",
		"INSERT INTO customer_potential (customer_id, score, note, updated_at)"
		" SELECT id, 72, '连锁扩张中，明年新开 6 家门店', UTC_TIMESTAMP(6) FROM customer"
		" WHERE name = '杭州康宁口腔连锁'",
		"INSERT INTO activity (kind, user_id, customer_id, at, source_ip, detail)"
		" SELECT 'called', owner_id, id, created_at + INTERVAL 2 DAY, '10.20.1.8', '初次沟通，约定季度后再联系'"
		" FROM customer WHERE name = '杭州康宁口腔连锁'",
		"INSERT INTO task (deal_id, customer_id, kind, stage_id, title, role_code, assignee_id, due_at,"
		" created_at) SELECT NULL, id, 'idle', NULL, 'A/B 级客户已 90 天无互动：请尽快联系', 'sales_rep',"
		" owner_id, UTC_TIMESTAMP(6) + INTERVAL 3 DAY, UTC_TIMESTAMP(6) FROM customer"
		" WHERE name = '杭州康宁口腔连锁'",
		/* the grading run knows that silence has its task (idle_task_for) */
		"INSERT INTO customer_score (customer_id, grade, base, activity, potential, score, target,"
		" last_interaction_at, idle_task_for, run_id, computed_at)"
		" SELECT c.id, 'B', 0, 0, 72, 18, 'B', c.created_at + INTERVAL 2 DAY, c.created_at + INTERVAL 2 DAY,"
		" 0, UTC_TIMESTAMP(6) FROM customer c WHERE c.name = '杭州康宁口腔连锁'",
	};
	NEOERR *err = STATUS_OK;

	for (size_t i = 0; !err && i < sizeof(steps) / sizeof(steps[0]); i++)
		err = db_execf(NULL, steps[i], NULL);
	return nerr_pass(err);
}
static NEOERR *step_signals(void *arg) { (void)arg; return seed_signals(); }

NEOERR *seed_demo(int *seeded)
{
	NEOERR *err;

	*seeded = 0;
	if (sodium_init() < 0)
		return nerr_raise(NERR_SYSTEM, "sodium_init");
	err = db_open(0);
	if (!err)
		err = seed_step("SELECT COUNT(*) FROM company", step_org,
				(void *)config_get("Demo.Password"), "organisation", seeded);
	if (!err)
		err = seed_step("SELECT COUNT(*) FROM channel", step_channels, NULL,
				"channels", seeded);
	if (!err)
		err = seed_step("SELECT COUNT(*) FROM routing_rule", step_rules, NULL,
				"routing rules", seeded);
	if (!err)
		err = seed_step("SELECT COUNT(*) FROM lead", step_leads, NULL, "leads", seeded);
	if (!err)
		err = seed_step("SELECT COUNT(*) FROM deal", step_deals, NULL, "deals", seeded);
	if (!err)
		err = seed_step("SELECT COUNT(*) FROM task", step_tasks, NULL, "tasks", seeded);
	if (!err)
		err = seed_step("SELECT COUNT(*) FROM contract", step_success, NULL, "contracts", seeded);
	if (!err)
		err = seed_step("SELECT COUNT(*) FROM activity_reply", step_signals, NULL,
				"proposals, objections, payments, trials, a reply, a customer task", seeded);
	return nerr_pass(err);
}
