/* admin_channels.c — being written (placeholder so the tree builds; replaced before it lands). */
#include "err.h"
#include "pages.h"

NEOERR *admin_channels(REQUEST *req)
{
	(void)req;
	return nerr_raise(ERR_NOT_FOUND, "not built yet");
}

NEOERR *admin_channel_create(REQUEST *req)
{
	(void)req;
	return nerr_raise(ERR_NOT_FOUND, "not built yet");
}

NEOERR *admin_channel_edit(REQUEST *req)
{
	(void)req;
	return nerr_raise(ERR_NOT_FOUND, "not built yet");
}

NEOERR *admin_channel_save(REQUEST *req)
{
	(void)req;
	return nerr_raise(ERR_NOT_FOUND, "not built yet");
}
