/* pages.h — every page handler, by family (one .c file each). */
#ifndef SG_PAGES_H
#define SG_PAGES_H

#include "request.h"

/* sys.c */
NEOERR *sys_healthz(REQUEST *req);
NEOERR *sys_home(REQUEST *req);

/* auth.c */
NEOERR *auth_login_page(REQUEST *req);
NEOERR *auth_login(REQUEST *req);
NEOERR *auth_logout(REQUEST *req);

/* profile.c */
NEOERR *profile_page(REQUEST *req);
NEOERR *profile_save(REQUEST *req);
NEOERR *profile_password(REQUEST *req);

/* today.c: the rep's landing page (and GET /api/v1/today) */
NEOERR *today_page(REQUEST *req);

/* sidebar.c: one customer for a chat sidebar */
NEOERR *sidebar_page(REQUEST *req);
NEOERR *sidebar_action(REQUEST *req);

/* tokens.c: personal access tokens for the staff API (on /profile) */
NEOERR *tokens_fill(REQUEST *req);
NEOERR *tokens_create(REQUEST *req);
NEOERR *tokens_revoke(REQUEST *req);

/* people.c */
NEOERR *people_list(REQUEST *req);

/* admin_users.c */
NEOERR *admin_users_list(REQUEST *req);
NEOERR *admin_user_new(REQUEST *req);
NEOERR *admin_user_create(REQUEST *req);
NEOERR *admin_user_edit(REQUEST *req);
NEOERR *admin_user_save(REQUEST *req);
NEOERR *admin_user_freeze(REQUEST *req);
NEOERR *admin_user_unfreeze(REQUEST *req);
NEOERR *admin_user_reset_password(REQUEST *req);
NEOERR *admin_view_as(REQUEST *req);
NEOERR *admin_view_as_exit(REQUEST *req);

/* admin_org.c */
NEOERR *admin_roles(REQUEST *req);
NEOERR *admin_org(REQUEST *req);
NEOERR *admin_team_create(REQUEST *req);
NEOERR *admin_region_create(REQUEST *req);

/* form.c — public lead forms */
NEOERR *form_page(REQUEST *req);
NEOERR *form_submit(REQUEST *req);
NEOERR *form_thanks(REQUEST *req);

/* api.c — intake API */
NEOERR *api_leads_create(REQUEST *req);

/* admin_channels.c */
NEOERR *admin_channels(REQUEST *req);
NEOERR *admin_channel_create(REQUEST *req);
NEOERR *admin_channel_edit(REQUEST *req);
NEOERR *admin_channel_save(REQUEST *req);

/* admin_apikeys.c */
NEOERR *admin_apikeys(REQUEST *req);
NEOERR *admin_apikey_create(REQUEST *req);
NEOERR *admin_apikey_revoke(REQUEST *req);

/* leads.c */
NEOERR *leads_list(REQUEST *req);
NEOERR *lead_detail(REQUEST *req);
NEOERR *lead_convert(REQUEST *req);
NEOERR *lead_action(REQUEST *req);
NEOERR *lead_visit(REQUEST *req);
NEOERR *lead_set_status(REQUEST *req);
NEOERR *lead_assign(REQUEST *req);
NEOERR *lead_reveal(REQUEST *req);

/* import.c — CSV import */
NEOERR *import_page(REQUEST *req);
NEOERR *import_upload(REQUEST *req);
NEOERR *import_preview(REQUEST *req);
NEOERR *import_confirm(REQUEST *req);
NEOERR *import_cancel(REQUEST *req);

/* admin_routing.c — routing rules, queue, health, jobs (issue 8) */
NEOERR *admin_routing(REQUEST *req);
NEOERR *admin_routing_create(REQUEST *req);
NEOERR *admin_routing_edit(REQUEST *req);
NEOERR *admin_routing_save(REQUEST *req);
NEOERR *routing_queue_page(REQUEST *req);
NEOERR *routing_queue_retry(REQUEST *req);
NEOERR *routing_health(REQUEST *req);
NEOERR *admin_jobs(REQUEST *req);
NEOERR *admin_jobs_run(REQUEST *req);
NEOERR *admin_deliveries(REQUEST *req);
NEOERR *admin_webhook_create(REQUEST *req);
NEOERR *admin_webhook_toggle(REQUEST *req);
/* Fills Lead.Why for the lead page ("why this person"). */
NEOERR *admin_routing_why(REQUEST *req, long long lead_id);

/* notify.c — the inbox */
NEOERR *notify_inbox(REQUEST *req);
NEOERR *notify_mark_read(REQUEST *req);

/* customers.c */
NEOERR *customers_list(REQUEST *req);
NEOERR *customer_detail(REQUEST *req);
NEOERR *customer_action(REQUEST *req);
NEOERR *customer_visit(REQUEST *req);
NEOERR *contacts_list(REQUEST *req);
NEOERR *customer_reveal(REQUEST *req);

/* admin_policies.c */
NEOERR *admin_policies(REQUEST *req);
NEOERR *admin_policy_save(REQUEST *req);

/* auditview.c — the auditor's view of the audit log */
NEOERR *auditview_list(REQUEST *req);
NEOERR *auditview_row(REQUEST *req);
NEOERR *auditview_verify(REQUEST *req);
NEOERR *auditview_export(REQUEST *req);

/* export.c — export approval (issue 6) */
NEOERR *exports_list(REQUEST *req);
NEOERR *export_new(REQUEST *req);
NEOERR *export_preview_page(REQUEST *req);
NEOERR *export_create(REQUEST *req);
NEOERR *export_page(REQUEST *req);
NEOERR *export_approve(REQUEST *req);
NEOERR *export_reject(REQUEST *req);
NEOERR *export_download(REQUEST *req);

/* escalation.c — permission escalation, circuit breaker, alerts (issue 6) */
NEOERR *escalations_page(REQUEST *req);
NEOERR *escalation_create(REQUEST *req);
NEOERR *escalation_grant(REQUEST *req);
NEOERR *escalation_refuse(REQUEST *req);
NEOERR *alerts_page(REQUEST *req);
NEOERR *alert_resolve(REQUEST *req);

/* takeover.c — emergency takeover (issue 6) */
NEOERR *takeover_list(REQUEST *req);
NEOERR *takeover_preview(REQUEST *req);
NEOERR *takeover_run(REQUEST *req);

/* health.c — permission health report (issue 6) */
NEOERR *health_report(REQUEST *req);
/* deals.c, dealfiles.c, board.c, admin_pipelines.c — the pipeline (issue 7) */
NEOERR *deals_list(REQUEST *req);
NEOERR *deal_detail(REQUEST *req);
NEOERR *deal_move(REQUEST *req);
NEOERR *deal_facts(REQUEST *req);
NEOERR *deal_contact_add(REQUEST *req);
NEOERR *deal_contact_key(REQUEST *req);
NEOERR *deal_action(REQUEST *req);
NEOERR *deal_approval_request(REQUEST *req);
NEOERR *deal_approval_decide(REQUEST *req);
NEOERR *deal_close(REQUEST *req);
NEOERR *deal_attachment_add(REQUEST *req);
NEOERR *deal_attachment_get(REQUEST *req);
NEOERR *deal_check_tick(REQUEST *req);
NEOERR *deal_check_decide(REQUEST *req);
NEOERR *deal_compliance(REQUEST *req);
NEOERR *compliance_report(REQUEST *req);
NEOERR *board_page(REQUEST *req);
NEOERR *tasks_mine(REQUEST *req);
NEOERR *task_done(REQUEST *req);
/* dashboard.c — dashboards (issue 9) */
NEOERR *dashboard_page(REQUEST *req);
double dashboard_median(double *v, int n);
int dashboard_conversion(int from, int to);
double dashboard_stddev(const double *v, int n);
int dashboard_heat_level(long long minutes);
int dashboard_proposal_level(long long minutes);
int dashboard_objection_level(long long tenths);
/* dashrep.c — the rep's dashboard, the funnel-health score, pauses */
NEOERR *dashboard_me(REQUEST *req);
NEOERR *dashboard_pause(REQUEST *req);
NEOERR *dashboard_pause_end(REQUEST *req);
NEOERR *dashboard_health_job(char *summary, size_t n);
int dashboard_health_score(double stage_dev, long long on_time, long long due, long long contacts,
			   long long open_deals, int parts[3]);
void dashboard_period(long long t, char *out, size_t n);
/* review.c — review action items (R10.4) and the self-check (R10.5) */
NEOERR *review_list(REQUEST *req);
NEOERR *review_create(REQUEST *req);
NEOERR *review_close(REQUEST *req);
NEOERR *review_selfcheck(REQUEST *req);
int review_selfcheck_band(int total);
NEOERR *review_owner_choices(REQUEST *req);
NEOERR *admin_pipelines(REQUEST *req);
NEOERR *admin_pipeline_create(REQUEST *req);
NEOERR *admin_stage_save(REQUEST *req);
NEOERR *admin_stage_up(REQUEST *req);
NEOERR *admin_stage_create(REQUEST *req);
NEOERR *admin_rule_create(REQUEST *req);
NEOERR *admin_rule_delete(REQUEST *req);
NEOERR *admin_item_create(REQUEST *req);
NEOERR *admin_stage_task_create(REQUEST *req);
NEOERR *admin_stage_task_delete(REQUEST *req);
/* success.c — the customer-success journey (issue 9, R11) */
NEOERR *success_page(REQUEST *req);
NEOERR *success_contract_create(REQUEST *req);
NEOERR *success_csm_set(REQUEST *req);
NEOERR *success_renewal_save(REQUEST *req);
NEOERR *success_gaps(REQUEST *req);
/* summary.c — the customer-facing visit summary and the company settings (issue 11) */
NEOERR *summary_page(REQUEST *req);
NEOERR *summary_pdf(REQUEST *req);
NEOERR *summary_logo(REQUEST *req);
NEOERR *summary_settings(REQUEST *req);
NEOERR *summary_settings_save(REQUEST *req);
/* reply.c — the counterpart's reply to an activity (issue 9, R5.2) */
NEOERR *reply_page(REQUEST *req);
NEOERR *reply_save(REQUEST *req);
NEOERR *reply_fill(REQUEST *req, const char *list, long long activity_id);

#endif
