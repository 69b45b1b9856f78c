/* api.c — being written (placeholder so the tree builds; replaced before it lands). */
#include "err.h"
#include "pages.h"

NEOERR *api_leads_create(REQUEST *req)
{
	(void)req;
	return nerr_raise(ERR_NOT_FOUND, "not built yet");
}
