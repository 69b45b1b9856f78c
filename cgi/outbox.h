/* outbox.h — notifications leaving the server (R12): e-mail through the
 * host's sendmail (Notify.Sendmail, e.g. "/usr/sbin/sendmail -t -i"; empty
 * = no e-mail) and group-robot webhooks in the JSON shapes WeCom and
 * DingTalk accept (libcurl).
 *
 * An in-app alert, when first created, gets one `delivery` row per way out
 * (the person's e-mail; each active webhook whose kinds filter admits it),
 * unique per (alert, channel, webhook): so a delivery exists once however
 * many passes produce the alert.  The scheduler's `deliveries` job sends
 * due rows and retries failures with backoff (1, 2, 4, 8 minutes; failed
 * after 5 attempts).  The text names the alert kind and a link, never a
 * policed field.
 */
#ifndef SG_OUTBOX_H
#define SG_OUTBOX_H

#include <ClearSilver/ClearSilver.h>

#define OUTBOX_MAX_ATTEMPTS 5

/* Queues the deliveries of a new alert (caller's transaction). */
NEOERR *outbox_enqueue(long long notification_id, long long user_id, const char *kind);

/* Pure: the webhook body for kind "wecom" or "dingtalk" (malloc'd JSON,
 * NULL on an unknown kind). */
char *outbox_webhook_json(const char *kind, const char *title, const char *text);
/* Pure: is a webhook reply a success ({"errcode":0,...})? */
int outbox_reply_ok(const char *body);
/* Pure: minutes to wait after the n-th failed attempt (1, 2, 4, 8...). */
int outbox_backoff_minutes(int attempts);

/* Sends what is due (the scheduler job). */
NEOERR *outbox_send_due(int *sent, int *failed, int *retrying);

#endif
