/* deal.h — what the deal pages (deals.c, dealfiles.c, board.c) share. */
#ifndef SG_DEAL_H
#define SG_DEAL_H

#include "db.h"
#include "dealrule.h"
#include "policy.h"
#include "request.h"

/* A deal as the checks see it, loaded within the reader's (or editor's)
 * scope: outside it the deal is "not found". */
struct deal_row {
	long long id, customer_id, pipeline_id, stage_id, owner_id, region_id;
	long long owner_manager_id;
	int position, last_position;
	int stagnation_hours;
	int needs_approval;
	int regressions, flagged;
	int depth;                  /* the owner's depth below the reader; -1 not below */
	char status[8];
	char stage_entered_at[32];
	char stage_name[101];
};

#define DEAL_MAX_RULES 32

/* Loads deal id in scope (edit: the edit scope); ERR_NOT_FOUND outside it. */
NEOERR *deal_scoped(REQUEST *req, long long id, int edit, struct deal_row *d);

/* The field-policy subject for the deal's amount. */
void deal_subject(const struct deal_row *d, struct policy_subject *s);

/* Rules of a stage and a deal's facts, then the evaluator's verdict. */
NEOERR *deal_evaluate(const struct deal_row *d, struct dealrule *rules, int *nrules,
		      struct dealrule_facts *f, struct dealrule_unmet *unmet, int max, int *nunmet);

/* Unmet items to <list>.N.{Key,Label,Anchor,Have,Need}. */
NEOERR *deal_put_unmet(HDF *hdf, const char *list, const struct dealrule_unmet *u, int n);

/* Adds Text (the rule's label, else Lang.Deal.Unmet.<Key> in the reader's
 * language) and Link (/deals/<id><Anchor>) to each item of such a list
 * (list may be NULL). */
NEOERR *deal_unmet_texts(REQUEST *req, HDF *list, long long deal_id);

/* Appends to the deal's timeline (inside the caller's transaction). */
NEOERR *deal_event(REQUEST *req, long long deal_id, const char *kind, long long from_stage,
		   long long to_stage, const char *detail);

/* The rule of the deal's current stage for an attachment kind (found = 0
 * when the stage asks for no such kind). */
NEOERR *deal_attachment_rule(long long stage_id, const char *kind, struct dealrule *r,
			     int *found);

/* The owner/team/region/pipeline/stage filters and the reader's scope, for
 * the list and the board (appended to sql, values to args). */
NEOERR *deals_filter_sql(REQUEST *req, STRING *sql, struct db_args *args);

/* Shared by the page handlers: fill the page of a deal and render it. */
NEOERR *deal_detail(REQUEST *req);

/* dealfiles.c: reads the uploaded file "file", checks it (content type,
 * size, PDF pages against r when not NULL) and stores it.  On a refusal
 * *refusal is the language key and nothing is stored. */
NEOERR *dealfile_store(REQUEST *req, const struct deal_row *d, const char *kind,
		       const struct dealrule *r, long long *attachment_id, const char **refusal);

#endif
