/* log.h — one line per event on stderr, each tagged with the request id.
 * The master sends workers' stderr to the log file the host chose. */
#ifndef SG_LOG_H
#define SG_LOG_H

#include <syslog.h>   /* LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG */

/* Sets the request id printed in every line until cleared (NULL). */
void log_set_request_id(const char *rid);
const char *log_request_id(void);

void log_msg(int level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
