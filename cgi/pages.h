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

#endif
