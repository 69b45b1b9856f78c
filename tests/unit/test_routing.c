/* Routing (R2) and working-time clocks: the pure parts. */
#include <string.h>
#include <time.h>

#include <stdlib.h>

#include "clock.h"
#include "outbox.h"
#include "routing.h"
#include "sla.h"
#include "tap.h"

void test_routing(void);

static struct routing_cand cand(long long id, int load)
{
	struct routing_cand c;

	memset(&c, 0, sizeof(c));
	c.user_id = id;
	c.active = 1;
	c.cert_ok = 1;
	c.load = load;
	c.load_cap = 35;
	c.in_region = 1;
	c.hired_days = 400;
	c.speed = 50;
	c.conv = 50;
	return c;
}

static const struct routing_weights W = { 0.40, 0.35, 0.25 };

static void test_eligibility(void)
{
	struct routing_cand c[6] = { cand(1, 0), cand(2, 0), cand(3, 35), cand(4, 0), cand(5, 0), cand(6, 34) };

	c[0].active = 0;
	c[1].cert_ok = 0;
	c[3].in_region = 0;
	c[4].cert_ok = -1;
	routing_evaluate(c, 6, RS_LEAST_LOADED, &W);
	CHECK(c[0].skip && !strcmp(c[0].skip, "inactive"), "routing: frozen/departed skipped as inactive");
	CHECK(c[1].skip && !strcmp(c[1].skip, "cert_expired"), "routing: expired certificate skipped");
	CHECK(c[2].skip && !strcmp(c[2].skip, "over_cap"), "routing: at the cap (35 of 35) skipped");
	CHECK(c[3].skip && !strcmp(c[3].skip, "out_of_region"), "routing: outside the rule's region skipped");
	CHECK(c[4].skip && !strcmp(c[4].skip, "no_cert"), "routing: no certificate skipped");
	CHECK(c[5].skip == NULL, "routing: 34 of 35 is still eligible");
	CHECK(routing_select(c, 6, RS_LEAST_LOADED, 0) == 5, "routing: the only eligible one is chosen");
	c[5].load = 35;
	routing_evaluate(c, 6, RS_LEAST_LOADED, &W);
	CHECK(routing_select(c, 6, RS_LEAST_LOADED, 0) == -1, "routing: nobody eligible → -1");
}

static void test_scores(void)
{
	struct routing_cand c[3] = { cand(1, 0), cand(2, 0), cand(3, 0) };

	CHECK(routing_load_score(0, 35) == 100.0, "routing: empty desk → load health 100");
	CHECK(routing_load_score(35, 35) == 0.0, "routing: at the cap → 0");
	CHECK(routing_load_score(50, 35) == 0.0, "routing: over the cap clamps at 0");
	CHECK(routing_load_score(7, 35) > 79.9 && routing_load_score(7, 35) < 80.1, "routing: 7 of 35 → 80");
	/* 0.40 × speed + 0.35 × conversion + 0.25 × load health */
	c[0].speed = 100; c[0].conv = 0; c[0].load = 35 / 2;
	c[1].speed = 0; c[1].conv = 100; c[1].load = 0;
	c[2].speed = 90; c[2].conv = 90; c[2].load = 30;
	routing_evaluate(c, 3, RS_WEIGHTED, &W);
	CHECK(c[1].total > 59.9 && c[1].total < 60.1, "routing: 0.35 × 100 + 0.25 × 100 = 60");
	CHECK(c[2].total > 0.40 * 90 + 0.35 * 90 && c[2].total < 0.40 * 90 + 0.35 * 90 + 4,
	      "routing: weighted total uses the formula");
	CHECK(routing_select(c, 3, RS_WEIGHTED, 0) == 2, "routing: weighted picks the highest total");
	{
		struct routing_weights speed_only = { 1.0, 0.0, 0.0 };

		routing_evaluate(c, 3, RS_WEIGHTED, &speed_only);
		CHECK(routing_select(c, 3, RS_WEIGHTED, 0) == 0, "routing: weights are honoured (speed only)");
	}
	/* a tie on total goes to the lighter load */
	c[0] = cand(1, 10); c[1] = cand(2, 10); c[2] = cand(3, 10);
	c[0].speed = 60; c[1].speed = 60; c[2].speed = 60;
	routing_evaluate(c, 3, RS_WEIGHTED, &W);
	CHECK(routing_select(c, 3, RS_WEIGHTED, 0) == 0, "routing: a full tie goes to the lowest id");
}

static void test_strategies(void)
{
	struct routing_cand c[4] = { cand(3, 5), cand(7, 2), cand(9, 2), cand(12, 8) };

	routing_evaluate(c, 4, RS_ROUND_ROBIN, &W);
	CHECK(routing_select(c, 4, RS_ROUND_ROBIN, 0) == 0, "routing: round robin starts at the lowest id");
	CHECK(routing_select(c, 4, RS_ROUND_ROBIN, 3) == 1, "routing: round robin takes the next id");
	CHECK(routing_select(c, 4, RS_ROUND_ROBIN, 12) == 0, "routing: round robin wraps");
	c[1].active = 0;
	routing_evaluate(c, 4, RS_ROUND_ROBIN, &W);
	CHECK(routing_select(c, 4, RS_ROUND_ROBIN, 3) == 2, "routing: round robin skips the ineligible");
	c[1].active = 1;
	routing_evaluate(c, 4, RS_LEAST_LOADED, &W);
	CHECK(routing_select(c, 4, RS_LEAST_LOADED, 0) == 1, "routing: least loaded, tie → lower id");
	CHECK(routing_select(c, 4, RS_DIRECT, 0) == 0, "routing: direct takes the first eligible");
	c[0].hired_days = 3; c[3].hired_days = 20;
	routing_evaluate(c, 4, RS_NEW_HIRE, &W);
	CHECK(c[1].skip && !strcmp(c[1].skip, "not_new_hire"), "routing: new-hire pool skips veterans");
	CHECK(routing_select(c, 4, RS_NEW_HIRE, 0) == 0, "routing: new-hire pool, least loaded new hire");
	CHECK(routing_strategy_parse("weighted") == RS_WEIGHTED && routing_strategy_parse("x") == -1,
	      "routing: strategy names");
}

static void test_matching(void)
{
	struct routing_cond any = { 1, 10, 0, NULL, 0, NULL, -1, -1 };
	struct routing_cond east_high = { 2, 20, 5, NULL, 0, "high", -1, -1 };
	struct routing_cond east_high2 = { 3, 30, 5, "", 0, "high", -1, -1 };
	struct routing_cond east_med = { 4, 5, 5, NULL, 0, "medium", -1, -1 };
	struct routing_cond night = { 5, 5, 0, NULL, 0, NULL, 22, 6 };
	struct routing_cond late = { 6, 6, 0, NULL, 0, NULL, 23, 2 };
	struct routing_cond medical = { 7, 7, 0, "medical", 3, NULL, -1, -1 };
	struct routing_lead lead = { 5, "medical", 3, "high", 10 };

	CHECK(routing_matches(&any, &lead), "routing: a rule without conditions matches");
	CHECK(routing_matches(&east_high, &lead), "routing: region + tier match");
	CHECK(!routing_matches(&east_med, &lead), "routing: another tier does not");
	CHECK(routing_matches(&medical, &lead), "routing: industry + channel match");
	lead.channel_id = 4;
	CHECK(!routing_matches(&medical, &lead), "routing: another channel does not");
	CHECK(!routing_matches(&night, &lead), "routing: 10:00 is outside 22–6");
	lead.local_hour = 23;
	CHECK(routing_matches(&night, &lead), "routing: 23:00 is inside 22–6 (wraps midnight)");
	lead.local_hour = 6;
	CHECK(!routing_matches(&night, &lead), "routing: the end hour is excluded");
	CHECK(routing_hour_in(5, 22, 6) && !routing_hour_in(12, 22, 6) && routing_hour_in(9, 9, 18),
	      "routing: hour windows");

	CHECK(routing_relation(&east_high, &east_high2) == ROUTING_SAME,
	      "routing: same conditions flagged (NULL and empty industry alike)");
	CHECK(routing_relation(&any, &east_high) == ROUTING_SHADOWS, "routing: a catch-all shadows later rules");
	CHECK(routing_relation(&east_high, &any) == ROUTING_DISJOINT, "routing: a narrow rule does not shadow a broad one");
	CHECK(routing_relation(&east_high, &east_med) == ROUTING_DISJOINT, "routing: different tiers do not conflict");
	CHECK(routing_relation(&night, &late) == ROUTING_SHADOWS, "routing: 22–6 covers 23–2");
	CHECK(routing_relation(&late, &night) == ROUTING_DISJOINT, "routing: 23–2 does not cover 22–6");
}

static void test_sla(void)
{
	struct sla_calendar c;
	/* 2026-11-23 is a Monday; Shanghai is UTC+8 */
	time_t mon9 = clock_parse("2026-11-23 01:00:00");     /* 09:00 local */
	time_t mon17 = clock_parse("2026-11-23 09:00:00");    /* 17:00 local */
	time_t fri17 = clock_parse("2026-11-27 09:00:00");    /* Friday 17:00 local */

	CHECK(clock_parse("2026-11-23 01:00:00") != -1 && clock_parse("2026-13-01 00:00:00") == -1 &&
	      clock_parse("nonsense") == -1, "clock: parse");
	CHECK(sla_calendar_parse(&c, "", "", 8 * 3600) == 0 && c.always, "sla: empty hours = round the clock");
	CHECK(sla_work_seconds(&c, mon9, mon17) == 8 * 3600, "sla: 24x7 counts wall time");
	CHECK(sla_calendar_parse(&c, "9:00-25:00", "12345", 0) < 0, "sla: bad hours refused");
	CHECK(sla_calendar_parse(&c, "18:00-09:00", "12345", 0) < 0, "sla: end before start refused");
	CHECK(sla_calendar_parse(&c, "09:00-18:00", "12345", 8 * 3600) == 0, "sla: 09:00-18:00 weekdays");
	CHECK(sla_work_seconds(&c, mon9, mon17) == 8 * 3600, "sla: Monday 9 → 17 is 8 working hours");
	CHECK(sla_work_seconds(&c, clock_parse("2026-11-22 16:00:00"), mon9 + 1800) == 1800,
	      "sla: the night before counts nothing");
	/* Friday 17:00 + 2 working hours = Monday 10:00 */
	CHECK(sla_add_work(&c, fri17, 2 * 3600) == clock_parse("2026-11-30 02:00:00"),
	      "sla: 2 h from Friday 17:00 ends Monday 10:00");
	CHECK(sla_work_seconds(&c, fri17, clock_parse("2026-11-30 02:00:00")) == 2 * 3600,
	      "sla: the weekend does not count");
	CHECK(sla_add_holiday(&c, "2026-11-30") == 0 && sla_add_holiday(&c, "30/11") < 0, "sla: holidays");
	CHECK(sla_add_work(&c, fri17, 2 * 3600) == clock_parse("2026-12-01 02:00:00"),
	      "sla: a Monday holiday moves the deadline to Tuesday 10:00");
	CHECK(sla_add_work(&c, mon9, 30 * 60) == mon9 + 30 * 60, "sla: 30 min inside working hours");
	CHECK(sla_work_seconds(&c, mon17, mon9) == 0, "sla: a reversed interval is 0");
}

static void test_outbox(void)
{
	char *w = outbox_webhook_json("wecom", "线索超时", "线索 #7 https://x/leads/7");
	char *d = outbox_webhook_json("dingtalk", "线索超时", "a \"quoted\" line");

	CHECK(w && !strcmp(w, "{\"msgtype\":\"markdown\",\"markdown\":{\"content\":\"**线索超时**\\n线索 #7 https://x/leads/7\"}}"),
	      "outbox: the WeCom robot's markdown shape");
	CHECK(d && !strcmp(d, "{\"msgtype\":\"markdown\",\"markdown\":{\"title\":\"线索超时\",\"text\":\"a \\\"quoted\\\" line\"}}"),
	      "outbox: the DingTalk robot's markdown shape (escaped)");
	CHECK(outbox_webhook_json("slack", "t", "x") == NULL, "outbox: unknown robot kind refused");
	free(w);
	free(d);
	CHECK(outbox_reply_ok("{\"errcode\":0,\"errmsg\":\"ok\"}"), "outbox: errcode 0 is success");
	CHECK(!outbox_reply_ok("{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}"), "outbox: errcode ≠ 0 fails");
	CHECK(!outbox_reply_ok("<html>") && !outbox_reply_ok(NULL) && !outbox_reply_ok("{}"),
	      "outbox: a reply that is not the robot's JSON fails");
	CHECK(outbox_backoff_minutes(1) == 1 && outbox_backoff_minutes(2) == 2 && outbox_backoff_minutes(4) == 8,
	      "outbox: backoff 1, 2, 4, 8 minutes");
}

void test_routing(void)
{
	test_outbox();
	test_eligibility();
	test_scores();
	test_strategies();
	test_matching();
	test_sla();
}
