/* route.c — the route table and the dispatcher's checks. */
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "err.h"
#include "render.h"
#include "session.h"
#include "staffapi.h"
#include "user.h"
#include "log.h"
#include "pages.h"
#include "foureyes.h"
#include "handoff.h"
#include "credibility.h"
#include "complaint.h"
#include "grading.h"
#include "route.h"
#include "validate.h"

static const struct param_spec no_params[] = { { NULL, NULL, 0 } };

static const struct param_spec login_page_params[] = {
	{ "next", "path", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec login_params[] = {
	{ "login", "login", P_REQUIRED },
	{ "password", "password", P_REQUIRED },
	{ "next", "path", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec done_params[] = {
	{ "done", "word", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec queue_params[] = {
	{ "done", "word", 0 },
	{ "page", "page", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec profile_params[] = {
	{ "lang", "lang", P_REQUIRED },
	{ "time_zone", "timezone", P_REQUIRED },
	{ NULL, NULL, 0 },
};

static const struct param_spec password_params[] = {
	{ "current", "password", P_REQUIRED },
	{ "new_password", "password", P_REQUIRED },
	{ "confirm", "password", P_REQUIRED },
	{ NULL, NULL, 0 },
};

static const struct param_spec list_params[] = {
	{ "q", "line", 0 },
	{ "page", "page", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec users_list_params[] = {
	{ "status", "word", 0 },
	{ "done", "word", 0 },
	{ NULL, NULL, 0 },
};

/* The form of admin_users.c; its field list must match. */
static const struct param_spec user_form_params[] = {
	{ "login", "login", 0 },
	{ "password", "password", 0 },
	{ "display_name", "name", 0 },
	{ "role", "id", 0 },
	{ "team", "id", 0 },
	{ "region", "id", 0 },
	{ "manager", "id", 0 },
	{ "cert_no", "certno", 0 },
	{ "cert_expires", "date", 0 },
	{ "hire_date", "date", 0 },
	{ "load_cap", "loadcap", 0 },
	{ "email", "email", 0 },
	{ "phone", "phone_cn", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec team_params[] = {
	{ "team_name", "name", 0 },
	{ "region", "id", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec region_params[] = {
	{ "region_code", "code", 0 },
	{ "region_name", "name", 0 },
	{ NULL, NULL, 0 },
};

/* ---- lead intake (issue 4) ---- */
static const struct param_spec public_form_params[] = {
	{ "name", "name", 0 },
	{ "phone", "phone_cn", 0 },
	{ "email", "email", 0 },
	{ "company", "line", 0 },
	{ "region_code", "region", 0 },
	{ "industry", "word", 0 },
	{ "need", "text", 0 },
	{ "intent", "word", P_MULTI },
	{ "website", "line", 0 },      /* the honeypot: people leave it empty */
	{ "ts", "token", 0 },          /* signed form time */
	{ NULL, NULL, 0 },
};

static const struct param_spec channel_params[] = {
	{ "code", "slug", 0 },
	{ "name", "name", 0 },
	{ "weight", "decimal", 0 },
	{ "sla_minutes", "page", 0 },
	{ "active", "bool", 0 },
	{ "form_fields", "word", P_MULTI },
	{ NULL, NULL, 0 },
};

static const struct param_spec lead_list_params[] = {
	{ "channel", "id", 0 },
	{ "tier", "word", 0 },
	{ "status", "word", 0 },
	{ "owner", "word", 0 },        /* a user id, "me" or "none" */
	{ "region", "id", 0 },
	{ "from", "date", 0 },
	{ "to", "date", 0 },
	{ "q", "line", 0 },
	{ "sort", "word", 0 },
	{ "after", "word", 0 },        /* keyset cursor */
	{ NULL, NULL, 0 },
};

static const struct param_spec credibility_list_params[] = {
	{ "show", "word", 0 },         /* "all": reviewed flags too */
	{ "done", "word", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec credibility_review_params[] = {
	{ "decision", "word", P_REQUIRED },   /* cleared | confirmed */
	{ "note", "line", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec complaint_params[] = {
	{ "pattern", "line", 0 },      /* a PCRE2 pattern: compiled on save */
	{ "label", "name", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec commitment_params[] = {
	{ "commitment", "line", 0 },   /* what was promised to the customer */
	{ NULL, NULL, 0 },
};

static const struct param_spec grading_params[] = {
	{ "w_base", "decimal", 0 },
	{ "w_activity", "decimal", 0 },
	{ "w_potential", "decimal", 0 },
	{ "a_min", "decimal", 0 },
	{ "b_min", "decimal", 0 },
	{ "c_min", "decimal", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec potential_params[] = {
	{ "potential", "int", 0 },     /* 0–100; empty removes the signal */
	{ "note", "line", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec action_params[] = {
	{ "kind", "word", P_REQUIRED },
	{ "duration_min", "page", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec reply_params[] = {
	{ "replied_by", "name", 0 },
	{ "replied_at", "datetime", 0 },
	{ "body", "text", 0 },
	{ "deal", "id", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec reply_page_params[] = {
	{ "deal", "id", 0 },
	{ "done", "word", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec visit_params[] = {
	{ "core_need", "text", 0 },
	{ "next_step", "text", 0 },
	{ "detail", "text", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec company_params[] = {
	{ "company_name", "line", 0 },
	{ "logo", "file", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec status_params[] = {
	{ "status", "word", P_REQUIRED },
	{ NULL, NULL, 0 },
};

static const struct param_spec policy_params[] = {
	{ "allow_owner", "bool", 0 },
	{ "allow_direct_superior", "bool", 0 },
	{ "allow_managers_above", "bool", 0 },
	{ "allow_roles", "codes", 0 },
	{ "allow_condition", "word", 0 },
	{ "nobody", "bool", 0 },
	{ "mask_style", "word", P_REQUIRED },
	{ "custom_pattern", "line", 0 },
	{ "custom_replacement", "line", 0 },
	{ "revealable", "bool", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec reveal_params[] = {
	{ "field", "word", P_REQUIRED },
	{ "reason", "line", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec assign_params[] = {
	{ "owner", "id", P_REQUIRED },
	{ NULL, NULL, 0 },
};

static const struct param_spec apikey_params[] = {
	{ "name", "name", 0 },
	{ "channel", "id", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec import_upload_params[] = {
	{ "file", "file", 0 },
	{ "channel", "id", 0 },
	{ "encoding", "word", 0 },     /* auto, utf-8, gbk */
	{ NULL, NULL, 0 },
};

static const struct param_spec import_confirm_params[] = {
	{ "duplicates", "word", 0 },   /* skip or import */
	{ "bulk_ok", "bool", 0 },      /* "yes, this is a bulk import" */
	{ NULL, NULL, 0 },
};

/* ---- the auditor's view (issue 5) ---- */
static const struct param_spec audit_list_params[] = {
	{ "person", "login", 0 },
	{ "action", "word", P_MULTI },   /* exact, or a prefix ending in "." */
	{ "object_type", "word", 0 },
	{ "object_id", "id", 0 },
	{ "ip", "line", 0 },
	{ "from", "date", 0 },
	{ "to", "date", 0 },
	{ "after", "id", 0 },            /* keyset cursor */
	{ "done", "word", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec audit_export_params[] = {
	{ "person", "login", 0 },
	{ "action", "word", P_MULTI },
	{ "object_type", "word", 0 },
	{ "object_id", "id", 0 },
	{ "ip", "line", 0 },
	{ "from", "date", 0 },
	{ "to", "date", 0 },
	{ NULL, NULL, 0 },
};

/* ---- export approval, escalation, takeover, health (issue 6) ---- */
static const struct param_spec export_new_params[] = {
	{ "kind", "word", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec export_form_params[] = {
	{ "kind", "word", P_REQUIRED },
	{ "columns", "word", P_MULTI },
	{ "q", "line", 0 },
	{ "region", "id", 0 },
	{ "owner", "word", 0 },        /* "me" */
	{ "status", "word", 0 },
	{ "from", "date", 0 },
	{ "to", "date", 0 },
	{ "reason", "line", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec reason_params[] = {
	{ "reason", "line", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec download_params[] = {
	{ "t", "token", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec escalation_params[] = {
	{ "kind", "word", 0 },
	{ "cap", "word", 0 },
	{ "scope", "word", 0 },
	{ "region", "id", 0 },
	{ "days", "page", 0 },
	{ "reason", "line", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec takeover_params[] = {
	{ "to", "id", P_MULTI },
	{ "expect_customers", "int", 0 },   /* the counts the preview showed */
	{ "expect_deals", "int", 0 },
	{ "expect_leads", "int", 0 },
	{ "expect_tasks", "int", 0 },
	{ "mode", "word", 0 },              /* "rules": the routing rules choose */
	{ "plan", "word", 0 },              /* the rules preview's fingerprint */
	{ NULL, NULL, 0 },
};

static const struct param_spec foureyes_admin_params[] = {
	{ "types", "word", P_MULTI },       /* the checked types (none: none) */
	{ "reset", "bool", 0 },             /* back to the config file's value */
	{ NULL, NULL, 0 },
};

static const struct param_spec takeover_preview_params[] = {
	{ "to", "id", P_MULTI },
	{ "done", "word", 0 },
	{ "mode", "word", 0 },
	{ NULL, NULL, 0 },
};

/* ---- the deals pipeline (issue 7) ---- */
static const struct param_spec handoff_send_params[] = {
	{ "type", "id", P_REQUIRED },
	{ "to", "id", 0 },
	{ "note", "text", 0 },
	{ "item1", "text", 0 },
	{ "item2", "text", 0 },
	{ "item3", "text", 0 },
	{ "item4", "text", 0 },
	{ "item5", "text", 0 },
	{ "item6", "text", 0 },
	{ "item7", "text", 0 },
	{ "item8", "text", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec handoff_report_params[] = {
	{ "days", "int", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec handoff_type_params[] = {
	{ "name", "name", P_REQUIRED },
	{ "hours", "decimal", P_REQUIRED },
	{ "active", "bool", 0 },
	{ "items", "text", P_REQUIRED },
	{ NULL, NULL, 0 },
};

static const struct param_spec deal_list_params[] = {
	{ "owner", "word", 0 },        /* a user id or "me" */
	{ "team", "id", 0 },
	{ "region", "id", 0 },
	{ "pipeline", "id", 0 },
	{ "stage", "id", 0 },
	{ "after", "id", 0 },          /* keyset cursor */
	{ NULL, NULL, 0 },
};

static const struct param_spec board_params[] = {
	{ "pipeline", "id", 0 },
	{ "owner", "word", 0 },
	{ "team", "id", 0 },
	{ "region", "id", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec dashboard_params[] = {
	{ "pipeline", "id", 0 },
	{ "team", "id", 0 },
	{ "region", "id", 0 },
	{ "period", "id", 0 },         /* days: 30, 90 or 365; anything else all */
	{ NULL, NULL, 0 },
};

static const struct param_spec dashboard_me_params[] = {
	{ "pipeline", "id", 0 },
	{ "done", "word", 0 },
	{ "user", "id", 0 },           /* a person in the reader's edit scope (issue 9) */
	{ NULL, NULL, 0 },
};

static const struct param_spec review_params[] = {
	{ "title", "line", P_REQUIRED },
	{ "owner", "id", P_REQUIRED },
	{ "due", "date", P_REQUIRED },
	{ "criterion", "line", P_REQUIRED },
	{ "source", "path", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec review_close_params[] = {
	{ "evidence", "text", P_REQUIRED },
	{ NULL, NULL, 0 },
};

static const struct param_spec selfcheck_params[] = {
	{ "q1", "page", P_REQUIRED }, { "q2", "page", P_REQUIRED }, { "q3", "page", P_REQUIRED },
	{ "q4", "page", P_REQUIRED }, { "q5", "page", P_REQUIRED }, { "q6", "page", P_REQUIRED },
	{ "q7", "page", P_REQUIRED }, { "q8", "page", P_REQUIRED }, { "q9", "page", P_REQUIRED },
	{ "q10", "page", P_REQUIRED },
	{ NULL, NULL, 0 },
};

static const struct param_spec pause_params[] = {
	{ "deal", "id", P_REQUIRED },
	{ "reason", "line", P_REQUIRED },
	{ NULL, NULL, 0 },
};

static const struct param_spec deal_move_params[] = {
	{ "to", "id", P_REQUIRED },
	{ "reason", "line", 0 },
	{ "from", "word", 0 },         /* "board": go back there */
	{ NULL, NULL, 0 },
};

static const struct param_spec deal_facts_params[] = {
	{ "budget_confirmed", "bool", 0 },
	{ "amount", "money", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec deal_contact_params[] = {
	{ "name", "name", 0 },
	{ "title", "name", 0 },
	{ "decision_maker", "bool", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec contact_key_params[] = {
	{ "key", "bool", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec decide_params[] = {
	{ "decision", "word", P_REQUIRED },
	{ "comment", "line", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec deal_close_params[] = {
	{ "handoff_contacts", "text", 0 },
	{ "handoff_documents", "text", 0 },
	{ "handoff_issues", "line", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec attachment_params[] = {
	{ "kind", "slug", 0 },
	{ "file", "file", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec check_params[] = {
	{ "file", "file", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec pipeline_params[] = {
	{ "code", "slug", 0 },
	{ "name", "name", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec stage_params[] = {
	{ "name", "name", 0 },
	{ "stagnation_hours", "page", 0 },
	{ "needs_approval", "bool", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec rule_params[] = {
	{ "kind", "word", 0 },
	{ "field", "slug", 0 },
	{ "min_count", "page", 0 },
	{ "types", "word", P_MULTI },
	{ "max_kb", "page", 0 },
	{ "min_pages", "page", 0 },
	{ "label", "line", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec item_params[] = {
	{ "label", "line", 0 },
	{ "evidence", "word", 0 },
	{ "needs_approval", "bool", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec stage_task_params[] = {
	{ "title", "line", 0 },
	{ "role", "word", 0 },
	{ "due_hours", "page", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec task_done_params[] = {
	{ "from", "word", 0 },         /* "today": go back there */
	{ NULL, NULL, 0 },
};

static const struct param_spec token_params[] = {
	{ "name", "name", P_REQUIRED },
	{ "expires_days", "page", 0 },
	{ NULL, NULL, 0 },
};

/* ---- routing, scheduler, notifications (issue 8) ---- */
static const struct param_spec routing_rule_params[] = {
	{ "name", "name", 0 },
	{ "priority", "int", 0 },
	{ "active", "bool", 0 },
	{ "region", "id", 0 },
	{ "industry", "word", 0 },
	{ "channel", "id", 0 },
	{ "tier", "word", 0 },
	{ "hour_from", "int", 0 },
	{ "hour_to", "int", 0 },
	{ "target_kind", "word", 0 },
	{ "target_user", "id", 0 },
	{ "target_team", "id", 0 },
	{ "strategy", "word", 0 },
	{ "w_speed", "decimal", 0 },
	{ "w_conversion", "decimal", 0 },
	{ "w_load", "decimal", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec webhook_params[] = {
	{ "name", "name", 0 },
	{ "kind", "word", 0 },
	{ "url", "line", 0 },
	{ "kinds", "codes", 0 },
	{ NULL, NULL, 0 },
};

/* The whole site.  Order matters only where patterns overlap. */
/* ---- the customer-success journey (issue 9, R11) ---- */
static const struct param_spec contract_params[] = {
	{ "start_date", "date", 0 },
	{ "end_date", "date", 0 },
	{ "amount", "money", 0 },
	{ "csm", "id", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec csm_params[] = {
	{ "csm", "id", 0 },
	{ NULL, NULL, 0 },
};

static const struct param_spec renewal_params[] = {
	{ "history", "text", 0 },
	{ "satisfaction", "text", 0 },
	{ "competitors", "text", 0 },
	{ "talking_points", "text", 0 },
	{ NULL, NULL, 0 },
};

static const struct route routes[] = {
	{ "/healthz", M_GET, NULL, R_PUBLIC | R_TEXT | R_NO_SESSION, sys_healthz, no_params },
	{ "/", M_GET, NULL, 0, sys_home, no_params },
	{ "/login", M_GET, NULL, R_PUBLIC, auth_login_page, login_page_params },
	{ "/login", M_POST, NULL, R_PUBLIC | R_FORM, auth_login, login_params },
	{ "/logout", M_POST, NULL, R_VIEWAS_OK, auth_logout, no_params },
	{ "/profile", M_GET, NULL, 0, profile_page, done_params },
	{ "/profile", M_POST, NULL, R_FORM, profile_save, profile_params },
	{ "/profile/password", M_POST, NULL, R_FORM, profile_password, password_params },
	{ "/people", M_GET, "people.read", 0, people_list, list_params },
	{ "/admin/users", M_GET, "admin.users", 0, admin_users_list, users_list_params },
	{ "/admin/users", M_POST, "admin.users", R_FORM, admin_user_create, user_form_params },
	{ "/admin/users/new", M_GET, "admin.users", 0, admin_user_new, no_params },
	{ "/admin/users/#", M_GET, "admin.users", 0, admin_user_edit, done_params },
	{ "/admin/users/#", M_POST, "admin.users", R_FORM, admin_user_save, user_form_params },
	{ "/admin/users/#/freeze", M_POST, "admin.users", 0, admin_user_freeze, no_params },
	{ "/admin/users/#/unfreeze", M_POST, "admin.users", 0, admin_user_unfreeze, no_params },
	{ "/admin/users/#/password", M_POST, "admin.users", 0, admin_user_reset_password, no_params },
	{ "/admin/users/#/view-as", M_POST, "admin.view_as", 0, admin_view_as, no_params },
	{ "/view-as/exit", M_POST, NULL, R_VIEWAS_OK, admin_view_as_exit, no_params },
	{ "/admin/roles", M_GET, "admin.roles", 0, admin_roles, no_params },
	{ "/admin/org", M_GET, "admin.org", 0, admin_org, done_params },
	{ "/admin/teams", M_POST, "admin.org", R_FORM, admin_team_create, team_params },
	{ "/admin/regions", M_POST, "admin.org", R_FORM, admin_region_create, region_params },

	/* lead intake (issue 4) */
	{ "/f/*", M_GET, NULL, R_PUBLIC, form_page, no_params },
	{ "/f/*", M_POST, NULL, R_PUBLIC | R_FORM, form_submit, public_form_params },
	{ "/f/*/thanks", M_GET, NULL, R_PUBLIC, form_thanks, no_params },
	{ "/api/v1/leads", M_POST, NULL, R_PUBLIC | R_API, api_leads_create, no_params },
	{ "/admin/policies", M_GET, "admin.config", 0, admin_policies, done_params },
	{ "/admin/policies/#", M_POST, "admin.config", R_FORM, admin_policy_save, policy_params },
	{ "/admin/channels", M_GET, "admin.config", 0, admin_channels, done_params },
	{ "/admin/channels", M_POST, "admin.config", R_FORM, admin_channel_create, channel_params },
	{ "/admin/channels/#", M_GET, "admin.config", 0, admin_channel_edit, done_params },
	{ "/admin/channels/#", M_POST, "admin.config", R_FORM, admin_channel_save, channel_params },
	{ "/admin/api-keys", M_GET, "admin.config", 0, admin_apikeys, done_params },
	{ "/admin/api-keys", M_POST, "admin.config", R_FORM, admin_apikey_create, apikey_params },
	{ "/admin/api-keys/#/revoke", M_POST, "admin.config", 0, admin_apikey_revoke, no_params },
	{ "/leads", M_GET, "lead.read", 0, leads_list, lead_list_params },
	{ "/leads/import", M_GET, "lead.edit", 0, import_page, no_params },
	{ "/leads/import", M_POST, "lead.edit", R_FORM, import_upload, import_upload_params },
	{ "/leads/import/#", M_GET, "lead.edit", 0, import_preview, no_params },
	{ "/leads/import/#/confirm", M_POST, "lead.edit", R_FORM, import_confirm, import_confirm_params },
	{ "/leads/import/#/cancel", M_POST, "lead.edit", 0, import_cancel, no_params },
	{ "/leads/#", M_GET, "lead.read", 0, lead_detail, done_params },
	{ "/leads/#/convert", M_POST, "lead.edit", 0, lead_convert, no_params },
	{ "/leads/#/action", M_POST, "lead.edit", 0, lead_action, action_params },
	{ "/leads/#/visit", M_POST, "lead.edit", R_FORM, lead_visit, visit_params },
	{ "/leads/#/status", M_POST, "lead.edit", 0, lead_set_status, status_params },
	{ "/leads/#/assign", M_POST, "lead.assign", 0, lead_assign, assign_params },
	{ "/leads/#/reveal", M_POST, "lead.read", R_FORM, lead_reveal, reveal_params },
	{ "/customers", M_GET, "customer.read", 0, customers_list, list_params },
	{ "/customers/#", M_GET, "customer.read", 0, customer_detail, done_params },
	{ "/customers/#/action", M_POST, "customer.edit", 0, customer_action, action_params },
	{ "/customers/#/visit", M_POST, "customer.edit", R_FORM, customer_visit, visit_params },
	{ "/contacts", M_GET, "customer.read", 0, contacts_list, list_params },
	{ "/customers/#/reveal", M_POST, "customer.read", R_FORM, customer_reveal, reveal_params },
	{ "/customers/#/success", M_GET, "customer.read", 0, success_page, done_params },
	{ "/customers/#/contracts", M_POST, "contract.edit", R_FORM, success_contract_create, contract_params },
	{ "/customers/#/csm", M_POST, "contract.edit", R_FORM, success_csm_set, csm_params },
	{ "/renewals/#", M_POST, "customer.read", R_FORM, success_renewal_save, renewal_params },
	{ "/success/gaps", M_GET, "success.scan", 0, success_gaps, no_params },

	/* the auditor's view (issue 5) */
	{ "/audit", M_GET, "audit.read", 0, auditview_list, audit_list_params },
	{ "/audit/#", M_GET, "audit.read", 0, auditview_row, no_params },
	{ "/audit/verify", M_POST, "audit.read", 0, auditview_verify, no_params },
	{ "/audit/export.csv", M_GET, "audit.export", 0, auditview_export, audit_export_params },

	/* export approval (issue 6) */
	{ "/exports", M_GET, NULL, 0, exports_list, no_params },
	{ "/exports", M_POST, "export.request", R_FORM, export_create, export_form_params },
	{ "/exports/new", M_GET, "export.request", 0, export_new, export_new_params },
	{ "/exports/preview", M_POST, "export.request", R_FORM, export_preview_page, export_form_params },
	{ "/exports/#", M_GET, NULL, 0, export_page, done_params },
	{ "/exports/#/approve", M_POST, "export.approve", 0, export_approve, reason_params },
	{ "/exports/#/reject", M_POST, "export.approve", R_FORM, export_reject, reason_params },
	{ "/exports/#/download", M_GET, "export.request", 0, export_download, download_params },
	{ "/escalations", M_GET, NULL, 0, escalations_page, done_params },
	{ "/escalations", M_POST, NULL, R_FORM, escalation_create, escalation_params },
	{ "/escalations/#/grant", M_POST, "escalation.approve", 0, escalation_grant, reason_params },
	{ "/escalations/#/refuse", M_POST, "escalation.approve", 0, escalation_refuse, reason_params },
	{ "/takeover", M_GET, "takeover.run", 0, takeover_list, no_params },
	{ "/takeover/#", M_GET, "takeover.run", 0, takeover_preview, takeover_preview_params },
	{ "/takeover/#", M_POST, "takeover.run", R_FORM, takeover_run, takeover_params },
	{ "/admin/permission-health", M_GET, "health.read", 0, health_report, no_params },
	{ "/admin/four-eyes", M_GET, "admin.config", 0, foureyes_admin, done_params },
	{ "/admin/four-eyes", M_POST, "admin.config", R_FORM, foureyes_admin_save, foureyes_admin_params },
	{ "/security/alerts", M_GET, "security.alerts", 0, alerts_page, done_params },
	{ "/security/alerts/#/resolve", M_POST, "security.alerts", 0, alert_resolve, reason_params },
	/* the deals pipeline (issue 7) */
	{ "/deals", M_GET, "deal.read", 0, deals_list, deal_list_params },
	{ "/deals/#", M_GET, "deal.read", 0, deal_detail, done_params },
	{ "/deals/#/move", M_POST, "deal.edit", R_FORM, deal_move, deal_move_params },
	{ "/deals/#/facts", M_POST, "deal.edit", R_FORM, deal_facts, deal_facts_params },
	{ "/deals/#/contacts", M_POST, "deal.edit", R_FORM, deal_contact_add, deal_contact_params },
	{ "/deals/#/contacts/#/key", M_POST, "deal.edit", 0, deal_contact_key, contact_key_params },
	{ "/deals/#/changes/#", M_POST, "deal.approve", 0, foureyes_decide, decide_params },
	{ "/deals/#/action", M_POST, "deal.edit", 0, deal_action, action_params },
	{ "/deals/#/approval", M_POST, "deal.edit", 0, deal_approval_request, no_params },
	{ "/deals/#/approval/decide", M_POST, "deal.approve", R_FORM, deal_approval_decide, decide_params },
	{ "/deals/#/close", M_POST, "deal.edit", R_FORM, deal_close, deal_close_params },
	{ "/deals/#/attachments", M_POST, "deal.edit", R_FORM, deal_attachment_add, attachment_params },
	{ "/deals/#/attachments/#", M_GET, "deal.read", 0, deal_attachment_get, no_params },
	{ "/deals/#/checks/#", M_POST, "deal.edit", R_FORM, deal_check_tick, check_params },
	{ "/deals/#/checks/#/decide", M_POST, "deal.approve", 0, deal_check_decide, decide_params },
	{ "/deals/#/compliance", M_GET, "deal.read", 0, deal_compliance, done_params },
	{ "/compliance", M_GET, "deal.read", 0, compliance_report, no_params },
	/* handoff packages and role SLAs (issue 8: R6.1–R6.3) */
	{ "/deals/#/handoffs", M_POST, "deal.edit", R_FORM, handoff_send, handoff_send_params },
	{ "/handoffs", M_GET, NULL, 0, handoffs_page, no_params },
	{ "/handoffs/report", M_GET, "report.read", 0, handoff_report, handoff_report_params },
	{ "/handoffs/#", M_GET, NULL, 0, handoff_page, done_params },
	{ "/handoffs/#/ack", M_POST, NULL, 0, handoff_ack, no_params },
	{ "/handoffs/#/complete", M_POST, NULL, 0, handoff_complete, reason_params },
	{ "/handoffs/#/return", M_POST, NULL, R_FORM, handoff_return, reason_params },
	{ "/admin/handoffs", M_GET, "admin.config", 0, admin_handoffs, done_params },
	{ "/admin/handoffs/#", M_POST, "admin.config", R_FORM, admin_handoff_save, handoff_type_params },
	{ "/board", M_GET, "deal.read", 0, board_page, board_params },
	{ "/dashboard", M_GET, "deal.read", 0, dashboard_page, dashboard_params },
	{ "/dashboard/me", M_GET, "deal.read", 0, dashboard_me, dashboard_me_params },
	{ "/dashboard/me/unreachable", M_POST, "deal.edit", 0, dashboard_pause, pause_params },
	{ "/dashboard/me/unreachable/#/end", M_POST, "deal.edit", 0, dashboard_pause_end, no_params },
	{ "/reviews", M_GET, "deal.read", 0, review_list, done_params },
	{ "/reviews", M_POST, "deal.read", R_FORM, review_create, review_params },
	{ "/reviews/#/close", M_POST, "deal.read", R_FORM, review_close, review_close_params },
	{ "/reviews/selfcheck", M_POST, "report.read", R_FORM, review_selfcheck, selfcheck_params },
	{ "/tasks", M_GET, NULL, 0, tasks_mine, done_params },
	{ "/tasks/#/done", M_POST, NULL, 0, task_done, task_done_params },
	{ "/admin/pipelines", M_GET, "admin.config", 0, admin_pipelines, done_params },
	{ "/admin/pipelines", M_POST, "admin.config", R_FORM, admin_pipeline_create, pipeline_params },
	{ "/admin/pipelines/#/stages", M_POST, "admin.config", R_FORM, admin_stage_create, stage_params },
	{ "/admin/stages/#", M_POST, "admin.config", R_FORM, admin_stage_save, stage_params },
	{ "/admin/stages/#/up", M_POST, "admin.config", 0, admin_stage_up, no_params },
	{ "/admin/stages/#/rules", M_POST, "admin.config", R_FORM, admin_rule_create, rule_params },
	{ "/admin/rules/#/delete", M_POST, "admin.config", 0, admin_rule_delete, no_params },
	{ "/admin/stages/#/items", M_POST, "admin.config", R_FORM, admin_item_create, item_params },
	{ "/admin/stages/#/tasks", M_POST, "admin.config", R_FORM, admin_stage_task_create, stage_task_params },
	{ "/admin/stage-tasks/#/delete", M_POST, "admin.config", 0, admin_stage_task_delete, no_params },
	/* the staff JSON API (issue 11): the same handlers, capabilities and
	 * parameters as the pages above; staffapi.c declares what each answers */
	{ "/api/v1/leads", M_GET, "lead.read", R_STAFF_API, leads_list, lead_list_params },
	{ "/api/v1/leads/#", M_GET, "lead.read", R_STAFF_API, lead_detail, no_params },
	{ "/api/v1/leads/#/activities", M_POST, "lead.edit", R_STAFF_API, lead_action, action_params },
	{ "/api/v1/leads/#/visits", M_POST, "lead.edit", R_STAFF_API | R_FORM, lead_visit, visit_params },
	{ "/api/v1/customers/#", M_GET, "customer.read", R_STAFF_API, customer_detail, no_params },
	{ "/api/v1/customers/#/activities", M_POST, "customer.edit", R_STAFF_API, customer_action, action_params },
	{ "/api/v1/customers/#/visits", M_POST, "customer.edit", R_STAFF_API | R_FORM, customer_visit, visit_params },
	{ "/api/v1/activities/#/reply", M_POST, NULL, R_STAFF_API | R_FORM, reply_save, reply_params },
	{ "/api/v1/today", M_GET, "customer.read", R_STAFF_API, today_page, no_params },
	{ "/api/v1/tasks", M_GET, NULL, R_STAFF_API, tasks_mine, no_params },
	{ "/api/v1/deals/#", M_GET, "deal.read", R_STAFF_API, deal_detail, no_params },
	{ "/api/v1/deals/#/move", M_POST, "deal.edit", R_STAFF_API | R_FORM, deal_move, deal_move_params },
	{ "/api/v1/deals/#/approval/decide", M_POST, "deal.approve", R_STAFF_API | R_FORM, deal_approval_decide,
	  decide_params },
	/* the counterpart's reply to an activity (issue 9, R5.2): reply.c
	 * checks the entry's lead or customer capability and scope */
	{ "/activities/#/reply", M_GET, NULL, 0, reply_page, reply_page_params },
	{ "/activities/#/reply", M_POST, NULL, R_FORM, reply_save, reply_params },
	/* customer.read: CSMs see their success-journey tasks there (issue 9);
	 * every section has its own capability (today.c) */
	{ "/today", M_GET, "customer.read", 0, today_page, done_params },
	{ "/customers/#/sidebar", M_GET, "customer.read", 0, sidebar_page, done_params },
	{ "/customers/#/sidebar/action", M_POST, "customer.edit", 0, sidebar_action, action_params },
	/* the customer-facing visit summary (issue 11): readers of the record's
	 * lead or customer, checked by summary.c against the record itself */
	{ "/visits/#/summary", M_GET, NULL, 0, summary_page, no_params },
	{ "/visits/#/summary.pdf", M_GET, NULL, 0, summary_pdf, no_params },
	{ "/company/logo", M_GET, NULL, 0, summary_logo, no_params },
	{ "/admin/company", M_GET, "admin.config", 0, summary_settings, done_params },
	{ "/admin/company", M_POST, "admin.config", R_FORM, summary_settings_save, company_params },
	{ "/profile/tokens", M_POST, NULL, R_FORM, tokens_create, token_params },
	{ "/profile/tokens/#/revoke", M_POST, NULL, 0, tokens_revoke, no_params },
	/* routing, scheduler, notifications (issue 8) */
	{ "/admin/routing", M_GET, "admin.config", 0, admin_routing, done_params },
	{ "/admin/routing", M_POST, "admin.config", R_FORM, admin_routing_create, routing_rule_params },
	{ "/admin/routing/#", M_GET, "admin.config", 0, admin_routing_edit, done_params },
	{ "/admin/routing/#", M_POST, "admin.config", R_FORM, admin_routing_save, routing_rule_params },
	{ "/routing/queue", M_GET, "lead.assign", 0, routing_queue_page, queue_params },
	{ "/routing/queue/retry", M_POST, "lead.assign", 0, routing_queue_retry, no_params },
	{ "/routing/queue/#/retry", M_POST, "lead.assign", 0, routing_queue_retry, no_params },
	{ "/routing/health", M_GET, "report.read", 0, routing_health, no_params },
	{ "/admin/jobs", M_GET, "admin.config", 0, admin_jobs, done_params },
	{ "/admin/jobs/run", M_POST, "admin.config", 0, admin_jobs_run, no_params },
	{ "/admin/notifications", M_GET, "admin.config", 0, admin_deliveries, done_params },
	{ "/admin/notifications", M_POST, "admin.config", R_FORM, admin_webhook_create, webhook_params },
	{ "/admin/notifications/#/toggle", M_POST, "admin.config", 0, admin_webhook_toggle, no_params },
	{ "/inbox", M_GET, NULL, 0, notify_inbox, done_params },
	{ "/inbox/read", M_POST, NULL, 0, notify_mark_read, no_params },
	{ "/inbox/#/read", M_POST, NULL, 0, notify_mark_read, no_params },
	/* credibility checks (issue 9, R5.2) */
	{ "/credibility", M_GET, "credibility.review", 0, credibility_page, credibility_list_params },
	{ "/credibility/#/review", M_POST, "credibility.review", 0, credibility_review, credibility_review_params },
	/* complaint keywords (issue 9, R7.4) */
	{ "/admin/complaints", M_GET, "admin.config", 0, admin_complaints, done_params },
	{ "/admin/complaints", M_POST, "admin.config", R_FORM, admin_complaint_create, complaint_params },
	{ "/admin/complaints/#/toggle", M_POST, "admin.config", 0, admin_complaint_toggle, no_params },
	{ "/customers/#/commitment", M_POST, "customer.edit", R_FORM, customer_commitment, commitment_params },
	/* customer grading (issue 9, R7.1–R7.3) */
	{ "/admin/grading", M_GET, "admin.config", 0, admin_grading, done_params },
	{ "/admin/grading", M_POST, "admin.config", R_FORM, admin_grading_save, grading_params },
	{ "/admin/grading/potential", M_POST, "admin.config", R_FORM, admin_grading_import,
	  import_upload_params },
	{ "/customers/#/potential", M_POST, "admin.config", R_FORM, customer_potential_save, potential_params },
};
#define N_ROUTES (sizeof(routes) / sizeof(routes[0]))

const struct route *route_table(size_t *n)
{
	*n = N_ROUTES;
	return routes;
}

int route_match(const char *pattern, const char *path, long long *ids,
		int max_ids, int *nids, char *slug)
{
	const char *p = pattern, *s = path;

	*nids = 0;
	while (*p && *s) {
		if (*p == '*') {
			size_t n = 0;

			while ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
			       *s == '_' || *s == '-') {
				if (n >= 40)
					return 0;
				slug[n++] = *s++;
			}
			if (!n)
				return 0;
			slug[n] = '\0';
			p++;
			continue;
		}
		if (*p == '#') {
			long long v = 0;
			int digits = 0;

			if (*s == '0')
				return 0;
			while (*s >= '0' && *s <= '9') {
				if (++digits > 18)
					return 0;
				v = v * 10 + (*s - '0');
				s++;
			}
			if (!digits || *nids >= max_ids)
				return 0;
			ids[(*nids)++] = v;
			p++;
			continue;
		}
		if (*p != *s)
			return 0;
		p++;
		s++;
	}
	return *p == '\0' && *s == '\0';
}

/* Keeps only the declared parameters (validated) under Query.*.  Names come
 * from the route table, never from the request. */
static NEOERR *route_filter_params(REQUEST *req, const struct route *r)
{
	const char *vals[32];
	int n = 0;
	NEOERR *err = STATUS_OK;
	char *csrf = NULL;

	/* The staff API also takes its parameters as a JSON object. */
	if ((r->flags & R_STAFF_API) && !strcmp(req->method, "POST")) {
		err = staffapi_json_params(req, r);
		if (err)
			return nerr_pass(err);
	}
	/* Every POST may carry the CSRF token; the dispatcher checks it. */
	if (!strcmp(req->method, "POST")) {
		const char *t = request_param(req, "_csrf");
		const char *qs = hdf_get_value(req->hdf, "CGI.QueryString", "");
		const char *msg;

		/* From the body only: a token in a URL leaks into logs and
		 * Referer headers, so one found there counts as none. */
		if (strstr(qs, "_csrf"))
			t = NULL;
		if (t && validate("token", t, &msg) && !(csrf = strdup(t)))
			return nerr_raise(NERR_NOMEM, "csrf");
	}

	for (const struct param_spec *ps = r->params; ps && ps->name; ps++) {
		const char *v = request_param(req, ps->name);
		const char *msg;
		char *joined = NULL;

		if ((ps->flags & P_MULTI) && v) {
			/* The kit keeps repeated names as children 0, 1, ... */
			HDF *q = hdf_get_obj(req->hdf, "Query");
			HDF *node = q ? hdf_get_obj(q, ps->name) : NULL;
			HDF *c = node ? hdf_obj_child(node) : NULL;
			STRING all;

			string_init(&all);
			for (; c && !err; c = hdf_obj_next(c)) {
				const char *cv = hdf_obj_value(c);

				if (!cv || !*cv)
					continue;
				if (strchr(cv, ',') || !validate(ps->validator, cv, &msg)) {
					string_clear(&all);
					string_init(&all);
					err = string_append(&all, "\x01");   /* fails any validator */
					break;
				}
				if (all.len)
					err = string_append(&all, ",");
				if (!err)
					err = string_append(&all, cv);
			}
			if (err) {
				string_clear(&all);
				break;
			}
			if (all.len) {
				joined = all.buf;   /* ours now */
				v = joined;
			} else {
				string_clear(&all);
			}
		}

		if (n >= 32)
			return nerr_raise(NERR_ASSERT, "too many declared parameters");
		vals[n] = NULL;
		/* What was typed comes back into the form, valid or not (but
		 * never a password). */
		if (v && *v && (r->flags & R_FORM) && strcmp(ps->validator, "password")) {
			HDF *typed;
			char *clean = validate_clean_utf8(v);

			err = clean ? hdf_get_node(req->hdf, "Form.Typed", &typed)
				    : nerr_raise(NERR_NOMEM, "typed value");
			if (!err)
				err = hdf_set_value(typed, ps->name, clean);
			free(clean);
			if (err)
				break;
		}
		if (v && *v) {
			if ((ps->flags & P_MULTI) && joined ? !strchr(joined, '\x01')
			    : validate(ps->validator, v, &msg)) {
				vals[n] = strdup(v);
				if (!vals[n]) {
					err = nerr_raise(NERR_NOMEM, "param");
					break;
				}
			} else {
				req->param_errors++;
				HDF *form;

				err = hdf_get_node(req->hdf, "Form.Errors", &form);
				if (!err)
					err = hdf_set_value(form, ps->name, msg);
				if (err)
					break;
			}
		} else if (ps->flags & P_REQUIRED) {
			HDF *form;

			req->param_errors++;
			err = hdf_get_node(req->hdf, "Form.Errors", &form);
			if (!err)
				err = hdf_set_value(form, ps->name, "Valid.Required");
			if (err)
				break;
		}
		free(joined);
		n++;
	}
	/* An upload keeps the kit's file handle (cgi_filehandle() reads it). */
	int handles[32];

	for (int i = 0; i < n; i++) {
		HDF *q = hdf_get_obj(req->hdf, "Query");
		HDF *f = q ? hdf_get_obj(q, r->params[i].name) : NULL;

		handles[i] = (vals[i] && f && !strcmp(r->params[i].validator, "file"))
			     ? hdf_get_int_value(f, "FileHandle", -1) : -1;
	}
	if (!err)
		err = hdf_remove_tree(req->hdf, "Query");
	if (!err) {
		HDF *q;

		err = hdf_get_node(req->hdf, "Query", &q);
		for (int i = 0; !err && i < n; i++) {
			if (vals[i])
				err = hdf_set_value(q, r->params[i].name, vals[i]);
			if (!err && handles[i] >= 0) {
				HDF *f = hdf_get_obj(q, r->params[i].name);

				err = f ? hdf_set_int_value(f, "FileHandle", handles[i]) : STATUS_OK;
			}
		}
	}
	if (!err && csrf)
		err = hdf_set_value(req->hdf, "Query._csrf", csrf);
	free(csrf);
	for (int i = 0; i < n; i++)
		free((void *)vals[i]);
	return nerr_pass(err);
}

/* Records a refusal, then returns the error that makes the 4xx page. */
static NEOERR *route_refuse(REQUEST *req, NERR_TYPE type, const char *action,
			    const char *detail)
{
	struct audit_event ev = { action, "route", 0, NULL, NULL, detail };
	NEOERR *err = audit_log(req, &ev);

	if (err)
		return nerr_pass(err);
	return nerr_raise(type, "%s: %s %s (%s)", action, req->method, req->path, detail);
}

/* Session, CSRF, origin and capability: the checks no handler repeats. */
static NEOERR *route_guard(REQUEST *req, const struct route *r)
{
	int post = !strcmp(req->method, "POST"), bearer = 0;
	NEOERR *err = STATUS_OK;

	if (r->flags & (R_NO_SESSION | R_API))
		return STATUS_OK;
	/* The staff API: a personal token signs the request in (no cookie, so
	 * no CSRF to check); without one, the session as for a page. */
	if (r->flags & R_STAFF_API)
		err = staffapi_authenticate(req, &bearer);
	if (!err && !bearer)
		err = session_load(req);
	if (err)
		return nerr_pass(err);
	if (req->user && !req->lang_explicit) {
		int l = render_lang_index(req->user->lang);

		if (l >= 0)
			req->lang = l;
	}
	if (r->flags & R_PUBLIC) {
		/* Public forms (sign-in, lead forms) have no session to bind a
		 * token to; a same-origin check stops cross-site posting. */
		if (post && !(r->flags & R_FORM_CROSS_SITE) && !session_same_origin(req))
			return route_refuse(req, ERR_FORBIDDEN, "csrf.refused", "cross-origin");
		return nerr_pass(session_export(req));
	}
	if (!req->user) {
		if (!post && !(r->flags & R_STAFF_API)) {
			char next[300];

			snprintf(next, sizeof(next), "/login?next=%s", req->path);
			/* req->path passed the router, so it is a plain local path;
			 * anything odd in it simply fails the "path" validator on
			 * the login page and is dropped there. */
			return nerr_pass(request_redirect(req, strlen(req->path) < 200 ? next : "/login"));
		}
		return nerr_raise(ERR_UNAUTHORIZED, "no session");
	}
	if (post && !bearer) {
		if (!session_same_origin(req))
			return route_refuse(req, ERR_FORBIDDEN, "csrf.refused", "cross-origin");
		if (!session_csrf_ok(req))
			return route_refuse(req, ERR_FORBIDDEN, "csrf.refused", "missing or wrong token");
		if (req->viewing_as && !(r->flags & R_VIEWAS_OK))
			return route_refuse(req, ERR_FORBIDDEN, "viewas.refused", r->pattern);
	}
	if (r->cap && !user_can(req->user, r->cap))
		return route_refuse(req, ERR_FORBIDDEN, "access.denied", r->cap);
	return nerr_pass(session_export(req));
}

NEOERR *route_dispatch(REQUEST *req)
{
	const struct route *r = NULL;
	int path_matched = 0, allowed = 0, method = !strcmp(req->method, "POST") ? M_POST : M_GET;
	NEOERR *err;

	for (size_t i = 0; i < N_ROUTES; i++) {
		if (!route_match(routes[i].pattern, req->path, req->ids, REQ_MAX_IDS,
				 &req->nids, req->slug))
			continue;
		path_matched = 1;
		allowed |= routes[i].methods;
		if (routes[i].methods & method) {
			r = &routes[i];
			break;
		}
	}
	if (!r) {
		if (path_matched) {
			err = request_header(req, "Allow", (allowed & M_POST)
					     ? ((allowed & M_GET) ? "GET, HEAD, POST" : "POST")
					     : "GET, HEAD");
			if (err)
				return nerr_pass(err);
			return nerr_raise(ERR_METHOD, "%s not allowed here", req->method);
		}
		return nerr_raise(ERR_NOT_FOUND, "no route");
	}
	req->route = r;
	err = route_filter_params(req, r);
	if (err)
		return nerr_pass(err);
	err = route_guard(req, r);
	if (err || req->status == 303)
		return nerr_pass(err);
	if (req->param_errors && !(r->flags & R_FORM))
		return nerr_raise(ERR_BAD_REQUEST, "%d invalid parameter(s)",
				  req->param_errors);
	err = r->handler(req);
	if (!err && (r->flags & R_STAFF_API))
		err = staffapi_answer(req);
	return nerr_pass(err);
}
