/* form.c — being written (placeholder so the tree builds; replaced before it lands). */
#include "err.h"
#include "pages.h"

NEOERR *form_page(REQUEST *req)
{
	(void)req;
	return nerr_raise(ERR_NOT_FOUND, "not built yet");
}

NEOERR *form_submit(REQUEST *req)
{
	(void)req;
	return nerr_raise(ERR_NOT_FOUND, "not built yet");
}

NEOERR *form_thanks(REQUEST *req)
{
	(void)req;
	return nerr_raise(ERR_NOT_FOUND, "not built yet");
}
