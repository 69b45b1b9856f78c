/* form.c — the public lead form of each channel: /f/<channel code>.
 *
 * No login.  Spam is turned away without third-party services: a honeypot
 * field people never see, a signed form time (a bot that posts within
 * Form.MinSeconds is refused, and so is a form older than a day), and a
 * per-address limit.  Every refusal is counted in form_refusal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "config.h"
#include "db.h"
#include "err.h"
#include "lead.h"
#include "pages.h"
#include "render.h"

struct channel {
	long long id;
	char name[101];
	char fields[201];
	long long sla;             /* channel.sla_minutes (0: the tier's) */
};

static NEOERR *form_channel(REQUEST *req, struct channel *c)
{
	DB_STMT *q;
	NEOERR *err;

	memset(c, 0, sizeof(*c));
	err = db_prepare(&q, "SELECT id, name, form_fields, COALESCE(sla_minutes, 0) FROM channel"
			 " WHERE code = ? AND active = 1");
	if (err)
		return nerr_pass(err);
	db_bind_text(q, 1, req->slug);
	if (db_step(q) == DB_ROW) {
		c->id = db_col_int(q, 0);
		snprintf(c->name, sizeof(c->name), "%s", db_col_text(q, 1));
		snprintf(c->fields, sizeof(c->fields), "%s", db_col_text(q, 2));
		c->sla = db_col_int(q, 3);
	}
	err = db_finalize(q);
	if (!err && !c->id)
		err = nerr_raise(ERR_NOT_FOUND, "no active channel");
	return nerr_pass(err);
}

/* The key that signs form times, read once per worker. */
static NEOERR *form_key(unsigned char key[32])
{
	static unsigned char cached[32];
	static int have;
	DB_STMT *q;
	NEOERR *err;

	if (!have) {
		err = db_prepare(&q, "SELECT HEX(value) FROM app_secret WHERE name = 'form'");
		if (err)
			return nerr_pass(err);
		if (db_step(q) == DB_ROW) {
			const char *hex = db_col_text(q, 0);

			have = sodium_hex2bin(cached, sizeof(cached), hex, strlen(hex), NULL,
					      NULL, NULL) == 0;
		}
		err = db_finalize(q);
		if (err)
			return nerr_pass(err);
		if (!have)
			return nerr_raise(ERR_DB, "app_secret 'form' missing");
	}
	memcpy(key, cached, 32);
	return STATUS_OK;
}

static void form_mac(const unsigned char key[32], long long channel, long long t,
		     char hex[33])
{
	char msg[64];
	unsigned char mac[16];

	snprintf(msg, sizeof(msg), "%lld:%lld", channel, t);
	crypto_generichash(mac, sizeof(mac), (unsigned char *)msg, strlen(msg), key, 32);
	sodium_bin2hex(hex, 33, mac, sizeof(mac));
}

/* "<unix time>-<mac>": the time the form was shown, bound to its channel. */
static NEOERR *form_stamp(REQUEST *req, const struct channel *c)
{
	unsigned char key[32];
	char mac[33], ts[64];
	long long now = (long long)time(NULL);
	NEOERR *err = form_key(key);

	if (err)
		return nerr_pass(err);
	form_mac(key, c->id, now, mac);
	snprintf(ts, sizeof(ts), "%lld-%s", now, mac);
	return nerr_pass(hdf_set_value(req->hdf, "Form.Stamp", ts));
}

/* Seconds since the form was shown, or -1 when the stamp is forged. */
static NEOERR *form_age(const struct channel *c, const char *ts, long long *age)
{
	unsigned char key[32];
	char mac[33], *end;
	long long t;
	NEOERR *err;

	*age = -1;
	if (!ts)
		return STATUS_OK;
	t = strtoll(ts, &end, 10);
	if (*end != '-' || strlen(end + 1) != 32)
		return STATUS_OK;
	err = form_key(key);
	if (err)
		return nerr_pass(err);
	form_mac(key, c->id, t, mac);
	if (sodium_memcmp(mac, end + 1, 32) == 0)
		*age = (long long)time(NULL) - t;
	return STATUS_OK;
}

static NEOERR *form_refuse_count(REQUEST *req, const struct channel *c, const char *reason)
{
	return nerr_pass(db_execf(NULL, "INSERT INTO form_refusal (channel_id, reason, ip, at)"
				  " VALUES (?, ?, ?, UTC_TIMESTAMP(6))", "itt", c->id, reason,
				  req->remote_addr));
}

/* Fills the page: channel, which optional fields show, choices. */
static NEOERR *form_fill(REQUEST *req, const struct channel *c)
{
	size_t n;
	const char *const *list;
	NEOERR *err;

	err = hdf_set_value(req->hdf, "Channel.Name", c->name);
	if (!err) err = hdf_set_value(req->hdf, "Channel.Code", req->slug);
	/* Optional fields by code: Show.company = 1 ... (codes from the
	 * admin's list, checked against the known set). */
	for (const char *p = c->fields; !err && *p;) {
		static const char *const known[] = { "company", "region", "industry", "email", "need", "intent" };
		size_t l = strcspn(p, ",");

		for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
			if (l == strlen(known[i]) && !strncmp(p, known[i], l)) {
				char name[32];

				snprintf(name, sizeof(name), "Show.%s", known[i]);
				err = hdf_set_value(req->hdf, name, "1");
			}
		p += l + (p[l] == ',');
	}
	list = lead_industries(&n);
	for (size_t i = 0; !err && i < n; i++) {
		HDF *row;

		err = render_row(req->hdf, "Choices.Industries", (int)i, &row);
		if (!err) err = hdf_set_value(row, "Code", list[i]);
	}
	list = lead_signals(&n);
	for (size_t i = 0; !err && i < n; i++) {
		HDF *row;

		if (!strcmp(list[i], "contact"))
			continue;   /* "contact only" is what leaving all unticked means */
		err = render_row(req->hdf, "Choices.Signals", (int)i, &row);
		if (!err) err = hdf_set_value(row, "Code", list[i]);
		if (!err) {
			const char *typed = hdf_get_value(req->hdf, "Form.Typed.intent", "");
			char needle[40];

			snprintf(needle, sizeof(needle), ",%s,", list[i]);
			/* ticked again when the form comes back */
			char padded[560];

			snprintf(padded, sizeof(padded), ",%s,", typed);
			if (strstr(padded, needle))
				err = hdf_set_value(row, "Checked", "1");
		}
	}
	if (!err) err = form_stamp(req, c);
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "public-form");
	req->template_name = "form.cs";
	return nerr_pass(err);
}

NEOERR *form_page(REQUEST *req)
{
	struct channel c;
	NEOERR *err = form_channel(req, &c);

	if (!err)
		err = form_fill(req, &c);
	return nerr_pass(err);
}

/* Shows the form again with a message and everything typed kept. */
static NEOERR *form_again(REQUEST *req, const struct channel *c, int status,
			  const char *message)
{
	NEOERR *err = message ? hdf_set_value(req->hdf, "Page.Message", message) : STATUS_OK;

	req->status = status;
	if (!err)
		err = form_fill(req, c);
	return nerr_pass(err);
}

NEOERR *form_submit(REQUEST *req)
{
	struct channel c;
	struct lead_input in;
	struct lead_errors errs;
	long long age, recent = 0, id, budget;
	const char *honeypot = request_param(req, "website");
	NEOERR *err = form_channel(req, &c);

	if (err)
		return nerr_pass(err);
	/* A bot fills every field; people never see this one. */
	if (honeypot || hdf_get_value(req->hdf, "Form.Typed.website", NULL)) {
		err = form_refuse_count(req, &c, "honeypot");
		return err ? nerr_pass(err) : nerr_raise(ERR_BAD_REQUEST, "honeypot filled");
	}
	/* The address's sends in the last minute, counted only as far as the
	 * budget (0: no budget, e.g. for a load test from one address). */
	budget = config_int("Form.PerMinutePerAddress");
	if (budget > 0)
		err = db_int_query(&recent, NULL,
			"SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM lead WHERE source_ip = ?"
			"  AND source = 'form' AND created_at > UTC_TIMESTAMP(6) - INTERVAL 60 SECOND"
			"  LIMIT ?) l)"
			" + (SELECT COUNT(*) FROM (SELECT 1 FROM form_refusal WHERE ip = ?"
			"  AND reason <> 'invalid' AND at > UTC_TIMESTAMP(6) - INTERVAL 60 SECOND"
			"  LIMIT ?) r)", "titi",
			req->remote_addr, budget, req->remote_addr, budget);
	if (!err && budget > 0 && recent >= budget) {
		err = form_refuse_count(req, &c, "rate");
		return err ? nerr_pass(err) : nerr_raise(ERR_TOO_MANY, "form rate for an address");
	}
	if (!err)
		err = form_age(&c, request_param(req, "ts"), &age);
	if (err)
		return nerr_pass(err);
	if (age < 0 || age > 86400) {
		/* A forged or very old form: a person just sends it again. */
		err = form_refuse_count(req, &c, age < 0 ? "stamp" : "expired");
		return err ? nerr_pass(err) : nerr_pass(form_again(req, &c, 400, "Expired"));
	}
	if (age < config_int("Form.MinSeconds")) {
		err = form_refuse_count(req, &c, "too_fast");
		return err ? nerr_pass(err) : nerr_pass(form_again(req, &c, 400, "TooFast"));
	}

	memset(&in, 0, sizeof(in));
	in.channel_id = c.id;
	in.channel_read = 1;       /* just read, active: lead_create need not again */
	in.channel_sla = c.sla;
	in.name = request_param(req, "name");
	in.phone = request_param(req, "phone");
	in.email = request_param(req, "email");
	in.company = request_param(req, "company");
	in.region_code = request_param(req, "region_code");
	in.industry = request_param(req, "industry");
	in.need = request_param(req, "need");
	in.intent = request_param(req, "intent");
	in.source = "form";
	in.ip = req->remote_addr;
	in.user_agent = request_env(req, "HTTP.UserAgent");
	in.referrer = request_raw_env(req, "HTTP_REFERER");
	lead_check(&in, &errs);
	if (errs.n || req->param_errors) {
		HDF *f;

		err = hdf_get_node(req->hdf, "Form.Errors", &f);
		for (int i = 0; !err && i < errs.n; i++)
			if (!hdf_get_value(f, errs.e[i].field, NULL))
				err = hdf_set_value(f, errs.e[i].field, errs.e[i].key);
		if (!err)
			err = form_refuse_count(req, &c, "invalid");
		if (!err)
			err = form_again(req, &c, 400, NULL);
		return nerr_pass(err);
	}
	err = lead_create(&in, 0, "public-form", req->rid, &id);
	if (err)
		return nerr_pass(err);
	{
		/* Our own fixed path: nothing from the request chooses it. */
		char path[80];

		snprintf(path, sizeof(path), "/f/%s/thanks", req->slug);
		return nerr_pass(request_redirect(req, path));
	}
}

NEOERR *form_thanks(REQUEST *req)
{
	struct channel c;
	NEOERR *err = form_channel(req, &c);

	if (!err) err = hdf_set_value(req->hdf, "Channel.Name", c.name);
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "public-form");
	req->template_name = "form_thanks.cs";
	return nerr_pass(err);
}
