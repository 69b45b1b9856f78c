/* outbox.c — e-mail and WeCom / DingTalk webhooks with retries. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "clock.h"
#include "config.h"
#include "db.h"
#include "err.h"
#include "lazylib.h"
#include "outbox.h"
#include "render.h"

NEOERR *outbox_enqueue(long long notification_id, long long user_id, const char *kind)
{
	char now[24];
	NEOERR *err = STATUS_OK;

	clock_sql(clock_now(), now, sizeof(now));
	if (*config_get("Notify.Sendmail"))
		err = db_execf(NULL, "INSERT IGNORE INTO delivery (notification_id, channel, webhook_id,"
			       " target, next_try_at, created_at) SELECT ?, 'email', 0, email, ?,"
			       " UTC_TIMESTAMP(6) FROM users WHERE id = ? AND email IS NOT NULL"
			       " AND email <> '' AND status = 'active'", "iti",
			       notification_id, now, user_id);
	if (!err)
		err = db_execf(NULL, "INSERT IGNORE INTO delivery (notification_id, channel, webhook_id,"
			       " target, next_try_at, created_at) SELECT ?, kind, id, url, ?,"
			       " UTC_TIMESTAMP(6) FROM webhook WHERE active = 1"
			       " AND (kinds = '' OR FIND_IN_SET(?, kinds))", "itt",
			       notification_id, now, kind);
	return nerr_pass(err);
}

char *outbox_webhook_json(const char *kind, const char *title, const char *text)
{
	json_t *root = NULL;
	char *content = NULL, *out;

	if (!strcmp(kind, "wecom")) {
		/* WeCom group robot: {"msgtype":"markdown","markdown":{"content":…}} */
		if (asprintf(&content, "**%s**\n%s", title, text) < 0)
			return NULL;
		root = json_pack("{s:s, s:{s:s}}", "msgtype", "markdown", "markdown",
				 "content", content);
		free(content);
	} else if (!strcmp(kind, "dingtalk")) {
		/* DingTalk group robot: {"msgtype":"markdown","markdown":{"title":…,"text":…}} */
		root = json_pack("{s:s, s:{s:s, s:s}}", "msgtype", "markdown", "markdown",
				 "title", title, "text", text);
	}
	if (!root)
		return NULL;
	out = json_dumps(root, JSON_COMPACT);
	json_decref(root);
	return out;
}

int outbox_reply_ok(const char *body)
{
	json_error_t e;
	json_t *j = body ? json_loads(body, 0, &e) : NULL;
	json_t *code = j ? json_object_get(j, "errcode") : NULL;
	int ok = code && json_is_integer(code) && json_integer_value(code) == 0;

	json_decref(j);
	return ok;
}

int outbox_backoff_minutes(int attempts)
{
	if (attempts < 1)
		return 1;
	if (attempts > 10)
		attempts = 10;
	return 1 << (attempts - 1);
}

struct buf {
	char data[2048];
	size_t n;
};

static size_t curl_sink(char *p, size_t size, size_t nmemb, void *ctx)
{
	struct buf *b = ctx;
	size_t len = size * nmemb, room = sizeof(b->data) - 1 - b->n;

	memcpy(b->data + b->n, p, len < room ? len : room);
	b->n += len < room ? len : room;
	b->data[b->n] = '\0';
	return len;
}

static int send_webhook(const char *url, const char *json, char *why, size_t n)
{
	const struct lazylib_curl *L = lazylib_curl();
	CURL *c = L ? L->curl_easy_init() : NULL;
	struct curl_slist *h = NULL;
	struct buf reply = { "", 0 };
	long status = 0;
	CURLcode rc;

	if (!L) {
		snprintf(why, n, "libcurl cannot be loaded (see the log)");
		return 0;
	}
	if (!c) {
		snprintf(why, n, "curl_easy_init");
		return 0;
	}
	h = L->curl_slist_append(h, "Content-Type: application/json; charset=utf-8");
	L->curl_easy_setopt(c, CURLOPT_URL, url);
	L->curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	L->curl_easy_setopt(c, CURLOPT_POSTFIELDS, json);
	L->curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
	L->curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 5L);
	L->curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	L->curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	L->curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, curl_sink);
	L->curl_easy_setopt(c, CURLOPT_WRITEDATA, &reply);
	rc = L->curl_easy_perform(c);
	L->curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	L->curl_slist_free_all(h);
	L->curl_easy_cleanup(c);
	if (rc != CURLE_OK) {
		snprintf(why, n, "%s", L->curl_easy_strerror(rc));
		return 0;
	}
	if (status != 200 || !outbox_reply_ok(reply.data)) {
		snprintf(why, n, "HTTP %ld: %.200s", status, reply.data);
		return 0;
	}
	return 1;
}

/* Header values must not carry a line break (header injection). */
static void one_line(char *s)
{
	for (; *s; s++)
		if (*s == '\r' || *s == '\n')
			*s = ' ';
}

static int send_mail(const char *to, const char *subject, const char *text, char *why, size_t n)
{
	char from[256], subj[300];
	FILE *p;
	int rc;

	snprintf(from, sizeof(from), "%s", config_get("Notify.From"));
	snprintf(subj, sizeof(subj), "%s", subject);
	one_line(from);
	one_line(subj);
	if (strpbrk(to, "\r\n,;<>\"' ")) {
		snprintf(why, n, "bad address");
		return 0;
	}
	/* the command is the host's configuration, never user data; the
	 * address travels in the message (-t), not on the command line */
	p = popen(config_get("Notify.Sendmail"), "w");
	if (!p) {
		snprintf(why, n, "popen: %s", strerror(errno));
		return 0;
	}
	fprintf(p, "From: %s\nTo: %s\nSubject: =?UTF-8?B?", from, to);
	{
		static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
		const unsigned char *s = (const unsigned char *)subj;
		size_t len = strlen(subj);

		for (size_t i = 0; i < len; i += 3) {
			unsigned v = s[i] << 16 | (i + 1 < len ? s[i + 1] << 8 : 0) | (i + 2 < len ? s[i + 2] : 0);

			fputc(b64[v >> 18 & 63], p);
			fputc(b64[v >> 12 & 63], p);
			fputc(i + 1 < len ? b64[v >> 6 & 63] : '=', p);
			fputc(i + 2 < len ? b64[v & 63] : '=', p);
		}
	}
	fprintf(p, "?=\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
		"Content-Transfer-Encoding: 8bit\n\n%s\n", text);
	rc = pclose(p);
	if (rc == -1 || !WIFEXITED(rc) || WEXITSTATUS(rc) != 0) {
		snprintf(why, n, "sendmail exit %d", rc == -1 ? -1 : WIFEXITED(rc) ? WEXITSTATUS(rc) : 128);
		return 0;
	}
	return 1;
}

struct due {
	long long id;
	char channel[20], target[501], kind[41], otype[41];
	long long oid;
	int attempts;
};

NEOERR *outbox_send_due(int *sent, int *failed, int *retrying)
{
	static struct due d[100];
	char now[24];
	int n = 0, lang = render_lang_index(config_get("Notify.Lang"));
	DB_STMT *q;
	NEOERR *err;

	*sent = *failed = *retrying = 0;
	if (lang < 0)
		lang = 0;
	clock_sql(clock_now(), now, sizeof(now));
	err = db_prepare(&q, "SELECT d.id, d.channel, d.target, n.kind, COALESCE(n.object_type, ''),"
			 " COALESCE(n.object_id, 0), d.attempts FROM delivery d"
			 " JOIN notification n ON n.id = d.notification_id"
			 " WHERE d.status = 'pending' AND d.next_try_at <= ? ORDER BY d.next_try_at, d.id"
			 " LIMIT 100");
	if (err)
		return nerr_pass(err);
	db_bind_text(q, 1, now);
	while (n < 100 && db_step(q) == DB_ROW) {
		struct due *x = &d[n++];

		x->id = db_col_int(q, 0);
		snprintf(x->channel, sizeof(x->channel), "%s", db_col_text(q, 1));
		snprintf(x->target, sizeof(x->target), "%s", db_col_text(q, 2));
		snprintf(x->kind, sizeof(x->kind), "%s", db_col_text(q, 3));
		snprintf(x->otype, sizeof(x->otype), "%s", db_col_text(q, 4));
		x->oid = db_col_int(q, 5);
		x->attempts = (int)db_col_int(q, 6);
	}
	err = db_finalize(q);
	for (int i = 0; !err && i < n; i++) {
		struct due *x = &d[i];
		char key[80], title[200], text[600], why[300] = "";
		int ok;

		snprintf(key, sizeof(key), "Notify.Kind.%s", x->kind);
		snprintf(title, sizeof(title), "%s", render_text(lang, key));
		if (!strcmp(x->otype, "lead"))
			snprintf(text, sizeof(text), "%s\n%s #%lld %s/leads/%lld", title,
				 render_text(lang, "Routing.Lead"), x->oid, config_get("Notify.BaseUrl"), x->oid);
		else if (!strcmp(x->otype, "handoff"))
			snprintf(text, sizeof(text), "%s\n%s #%lld %s/handoffs/%lld", title,
				 render_text(lang, "Handoff.One"), x->oid, config_get("Notify.BaseUrl"), x->oid);
		else
			snprintf(text, sizeof(text), "%s\n%s/inbox", title, config_get("Notify.BaseUrl"));
		if (!strcmp(x->channel, "email")) {
			ok = send_mail(x->target, title, text, why, sizeof(why));
		} else {
			char *json = outbox_webhook_json(x->channel, title, text);

			ok = json && send_webhook(x->target, json, why, sizeof(why));
			if (!json)
				snprintf(why, sizeof(why), "unknown channel");
			free(json);
		}
		x->attempts++;
		if (ok) {
			err = db_execf(NULL, "UPDATE delivery SET status = 'sent', attempts = ?, sent_at = ?,"
				       " last_error = NULL WHERE id = ?", "iti", (long long)x->attempts, now, x->id);
			(*sent)++;
		} else if (x->attempts >= OUTBOX_MAX_ATTEMPTS) {
			err = db_execf(NULL, "UPDATE delivery SET status = 'failed', attempts = ?,"
				       " last_error = ? WHERE id = ?", "iti", (long long)x->attempts, why, x->id);
			(*failed)++;
		} else {
			err = db_execf(NULL, "UPDATE delivery SET attempts = ?, last_error = ?,"
				       " next_try_at = ? + INTERVAL ? MINUTE WHERE id = ?", "ittii",
				       (long long)x->attempts, why, now,
				       (long long)outbox_backoff_minutes(x->attempts), x->id);
			(*retrying)++;
		}
	}
	return nerr_pass(err);
}
