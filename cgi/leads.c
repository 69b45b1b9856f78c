/* leads.c — being written (placeholder so the tree builds; replaced before it lands). */
#include "err.h"
#include "pages.h"

NEOERR *leads_list(REQUEST *req)
{
	(void)req;
	return nerr_raise(ERR_NOT_FOUND, "not built yet");
}

NEOERR *lead_detail(REQUEST *req)
{
	(void)req;
	return nerr_raise(ERR_NOT_FOUND, "not built yet");
}

NEOERR *lead_convert(REQUEST *req)
{
	(void)req;
	return nerr_raise(ERR_NOT_FOUND, "not built yet");
}

NEOERR *lead_action(REQUEST *req)
{
	(void)req;
	return nerr_raise(ERR_NOT_FOUND, "not built yet");
}

NEOERR *lead_visit(REQUEST *req)
{
	(void)req;
	return nerr_raise(ERR_NOT_FOUND, "not built yet");
}
