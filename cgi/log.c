/* log.c — plain, greppable log lines: time, pid, level, request id, text. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/time.h>

#include "log.h"

static char log_rid[40] = "-";

void log_set_request_id(const char *rid)
{
	snprintf(log_rid, sizeof(log_rid), "%s", rid ? rid : "-");
}

const char *log_request_id(void)
{
	return log_rid;
}

static const char *log_level_name(int level)
{
	switch (level) {
	case LOG_ERR: return "error";
	case LOG_WARNING: return "warn";
	case LOG_INFO: return "info";
	default: return "debug";
	}
}

void log_msg(int level, const char *fmt, ...)
{
	char line[4096], stamp[32];
	struct timeval tv;
	struct tm tm;
	va_list ap;
	int n;

	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
	n = snprintf(line, sizeof(line), "%s.%03ldZ [%d] %s rid=%s ", stamp,
		     (long)(tv.tv_usec / 1000), (int)getpid(),
		     log_level_name(level), log_rid);
	if (n < 0 || (size_t)n >= sizeof(line))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	/* One write per line so lines from different workers do not interleave. */
	n = (int)strlen(line);
	if (n > 0 && line[n - 1] != '\n' && (size_t)n < sizeof(line) - 1)
		line[n++] = '\n';
	/* Newlines inside a message (tracebacks) stay: they are indented by
	 * ClearSilver and still belong to the line that starts with the rid. */
	if (write(STDERR_FILENO, line, (size_t)n) < 0) {
		/* Nowhere else to report it. */
	}
}
