/* server.h — the prefork master (php-fpm-like) and the worker loop. */
#ifndef SG_SERVER_H
#define SG_SERVER_H

#include <ClearSilver/ClearSilver.h>

/* Loads what a worker keeps for its life (language files, validators). */
NEOERR *server_app_init(void);
void server_app_fini(void);

/* Master: opens Server.Listen, forks the workers, supervises them until
 * SIGTERM/SIGINT.  SIGHUP reloads gracefully.  Returns the exit code. */
int server_run(void);

/* One worker serving FastCGI requests on listen_fd until told to stop
 * (also used when a web server hands us a socket on fd 0). */
int server_worker(int listen_fd);

/* Plain CGI: one request from stdin/environ to stdout. */
int server_cgi(void);

#endif
