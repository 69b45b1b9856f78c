/* seed.c — a believable demo company, through the application account and
 * on the audit record like any other change. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "audit.h"
#include "config.h"
#include "db.h"
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

NEOERR *seed_demo(int *seeded)
{
	const char *password = config_get("Demo.Password");
	long long n;
	NEOERR *err;

	*seeded = 0;
	if (sodium_init() < 0)
		return nerr_raise(NERR_SYSTEM, "sodium_init");
	err = db_open(0);
	if (!err)
		err = db_int_query(&n, NULL, "SELECT COUNT(*) FROM company", NULL);
	if (err || n > 0)
		return nerr_pass(err);
	err = db_begin();
	if (!err)
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
	if (!err) {
		struct audit_event ev = { "seed.demo", "company", 0, NULL, NULL,
					  "demo organisation" };

		err = audit_log_as(0, "seed-demo", NULL, NULL, NULL, &ev);
	}
	if (err) {
		db_rollback();
		return nerr_pass(err);
	}
	err = db_commit();
	*seeded = !err;
	return nerr_pass(err);
}
