/* import.c — being written (placeholder so the tree builds; replaced before it lands). */
#include "err.h"
#include "pages.h"

NEOERR *import_page(REQUEST *req)
{
	(void)req;
	return nerr_raise(ERR_NOT_FOUND, "not built yet");
}

NEOERR *import_upload(REQUEST *req)
{
	(void)req;
	return nerr_raise(ERR_NOT_FOUND, "not built yet");
}

NEOERR *import_preview(REQUEST *req)
{
	(void)req;
	return nerr_raise(ERR_NOT_FOUND, "not built yet");
}

NEOERR *import_confirm(REQUEST *req)
{
	(void)req;
	return nerr_raise(ERR_NOT_FOUND, "not built yet");
}

NEOERR *import_cancel(REQUEST *req)
{
	(void)req;
	return nerr_raise(ERR_NOT_FOUND, "not built yet");
}
