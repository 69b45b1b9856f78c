/* server.c — master, workers and the CGI path.
 *
 * Workers are processes, not threads: ClearSilver and its CGI kit keep global
 * state.  Stopping is cooperative: a worker blocks SIGTERM while it serves a
 * request and unblocks it only while it waits in accept (libfcgi is told to
 * fail the accept on EINTR), so a reload or stop never cuts a request short.
 * The master repeats SIGTERM every second to close the tiny window between
 * unblocking and entering accept, and uses SIGKILL only after
 * Server.GraceSeconds.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <fcgiapp.h>
#include <sodium.h>

#include "audit.h"
#include "config.h"
#include "db.h"
#include "err.h"
#include "log.h"
#include "policy.h"
#include "render.h"
#include "request.h"
#include "scheduler.h"
#include "server.h"
#include "validate.h"

#define MAX_WORKERS 256

struct worker {
	pid_t pid;
	unsigned gen;
	time_t started;
	time_t term_sent;       /* last SIGTERM, for old generations */
	time_t stop_since;
};

static struct worker workers[MAX_WORKERS * 2];
static pid_t sched_pid;        /* the running scheduler pass, 0 when none */
static time_t sched_last;
static unsigned cur_gen = 1;
static volatile sig_atomic_t worker_stop;

NEOERR *server_app_init(void)
{
	NEOERR *err;

	if (sodium_init() < 0)
		return nerr_raise(NERR_SYSTEM, "sodium_init");
	err = err_init();
	if (!err)
		err = validate_init();
	if (!err)
		err = render_init();
	return nerr_pass(err);
}

/* The audit rows this process wrote go on the chain after the answer is
 * out (audit.h): the person does not wait for it.  wait = 0: if another
 * process is sealing, it seals ours too. */
static void server_seal_wait(int wait)
{
	NEOERR *err;

	if (!audit_has_unsealed())
		return;
	if (db_in_transaction())
		db_rollback();
	err = audit_seal(wait);
	if (err) {
		log_msg(LOG_ERR, "sealing the audit rows failed (they wait for the next seal)");
		err_log_and_free(&err);
	}
}

static void server_seal(void)
{
	server_seal_wait(0);
}

void server_app_fini(void)
{
	server_seal_wait(1);
	policy_fini();
	db_close();
	render_fini();
	validate_fini();
}

/* ---- FastCGI streams as req_io ----------------------------------------- */

static int fcgx_read(void *ctx, char *buf, int n)
{
	FCGX_Request *r = ctx;

	return FCGX_GetStr(buf, n, r->in);
}

static int fcgx_write(void *ctx, const char *buf, int n)
{
	FCGX_Request *r = ctx;

	return FCGX_PutStr(buf, n, r->out);
}

static int fcgx_flush(void *ctx)
{
	FCGX_Request *r = ctx;

	return FCGX_FFlush(r->out) != 0 || FCGX_GetError(r->out) != 0 ? -1 : 0;
}

static void worker_on_term(int sig)
{
	(void)sig;
	worker_stop = 1;
}

int server_worker(int listen_fd)
{
	FCGX_Request r;
	struct sigaction sa;
	sigset_t term;
	NEOERR *err;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = worker_on_term;   /* no SA_RESTART: accept must fail */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigaddset(&term, SIGINT);
	sigprocmask(SIG_BLOCK, &term, NULL);

	err = server_app_init();
	if (err) {
		err_log_and_free(&err);
		return 1;
	}
	db_statement_limit(config_int("DB.PageStatementSeconds"));
	if (FCGX_Init() != 0 ||
	    FCGX_InitRequest(&r, listen_fd, FCGI_FAIL_ACCEPT_ON_INTR) != 0) {
		log_msg(LOG_ERR, "FCGX_InitRequest failed");
		return 1;
	}
	while (!worker_stop) {
		int rc;

		sigprocmask(SIG_UNBLOCK, &term, NULL);
		if (worker_stop) {
			sigprocmask(SIG_BLOCK, &term, NULL);
			break;
		}
		rc = FCGX_Accept_r(&r);
		sigprocmask(SIG_BLOCK, &term, NULL);
		if (rc < 0) {
			if (worker_stop)
				break;
			/* A broken connection before the request started. */
			continue;
		}
		{
			struct req_io io = { &r, fcgx_read, fcgx_write, r.envp, fcgx_flush };

			request_serve(&io);
		}
		FCGX_Finish_r(&r);
		server_seal();
	}
	FCGX_Free(&r, 0);
	server_app_fini();
	return 0;
}

/* ---- plain CGI --------------------------------------------------------- */

static int cgi_read(void *ctx, char *buf, int n)
{
	(void)ctx;
	for (;;) {
		ssize_t got = read(STDIN_FILENO, buf, (size_t)n);

		if (got >= 0 || errno != EINTR)
			return (int)got;
	}
}

static int cgi_write(void *ctx, const char *buf, int n)
{
	int done = 0;

	(void)ctx;
	while (done < n) {
		ssize_t w = write(STDOUT_FILENO, buf + done, (size_t)(n - done));

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return done;
		done += (int)w;
	}
	return done;
}

int server_cgi(void)
{
	extern char **environ;
	struct req_io io = { NULL, cgi_read, cgi_write, environ, NULL };
	NEOERR *err = server_app_init();

	signal(SIGPIPE, SIG_IGN);
	if (err) {
		static const char msg[] =
			"Status: 500 Internal Server Error\r\n"
			"Content-Type: text/plain; charset=utf-8\r\n\r\n"
			"salesgate is not configured correctly; see the server log.\n";

		err_log_and_free(&err);
		cgi_write(NULL, msg, (int)sizeof(msg) - 1);
		return 1;
	}
	db_statement_limit(config_int("DB.PageStatementSeconds"));
	request_serve(&io);
	server_seal();
	server_app_fini();
	return 0;
}

/* ---- master -------------------------------------------------------------- */

static int server_worker_count(void)
{
	long n = config_int("Server.Workers");

	if (n <= 0) {
		long cores = sysconf(_SC_NPROCESSORS_ONLN);

		n = 2 * (cores > 0 ? cores : 1);
	}
	return n > MAX_WORKERS ? MAX_WORKERS : (int)n;
}

static pid_t server_spawn(int listen_fd, unsigned gen)
{
	pid_t pid = fork();

	if (pid == 0) {
		sigset_t none;

		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		render_lazy_langs();   /* this master has just checked them (issue 10) */
		_exit(server_worker(listen_fd));
	}
	if (pid < 0) {
		log_msg(LOG_ERR, "fork: %s", strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < sizeof(workers) / sizeof(workers[0]); i++)
		if (!workers[i].pid) {
			workers[i].pid = pid;
			workers[i].gen = gen;
			workers[i].started = time(NULL);
			workers[i].term_sent = 0;
			workers[i].stop_since = 0;
			return pid;
		}
	log_msg(LOG_ERR, "worker table full");
	kill(pid, SIGKILL);
	return -1;
}

/* A socket file left by a crash is removed; one that still answers belongs
 * to a running instance and is left alone. */
static int server_socket_in_use(const char *path)
{
	struct sockaddr_un sa;
	struct stat st;
	int s, busy;

	if (stat(path, &st) != 0 || !S_ISSOCK(st.st_mode))
		return 0;
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	if (s < 0)
		return 0;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	busy = connect(s, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	close(s);
	if (!busy)
		unlink(path);
	return busy;
}

static int server_open_socket(void)
{
	const char *listen = config_get("Server.Listen");
	int fd;

	if (listen[0] == '/' && server_socket_in_use(listen)) {
		log_msg(LOG_ERR, "%s is in use by another process", listen);
		return -1;
	}

	fd = FCGX_OpenSocket(listen, (int)config_int("Server.Backlog"));
	if (fd < 0) {
		log_msg(LOG_ERR, "cannot listen on %s: %s", listen, strerror(errno));
		return -1;
	}
	if (listen[0] == '/') {
		mode_t mode = (mode_t)config_int("Server.SocketMode");
		const char *gname = config_get("Server.SocketGroup");
		struct group *g = *gname ? getgrnam(gname) : NULL;

		/* nginx's worker (www-data) must be able to connect, or every
		 * request is a 502. */
		if (g && chown(listen, (uid_t)-1, g->gr_gid) != 0)
			log_msg(LOG_WARNING, "chgrp %s %s: %s", gname, listen, strerror(errno));
		if (chmod(listen, mode ? mode : 0660) != 0)
			log_msg(LOG_WARNING, "chmod %s: %s", listen, strerror(errno));
	}
	return fd;
}

static int server_pidfile_busy(const char *path)
{
	FILE *f = fopen(path, "r");
	long pid = 0;

	if (!f)
		return 0;
	if (fscanf(f, "%ld", &pid) != 1)
		pid = 0;
	fclose(f);
	return pid > 0 && pid != getpid() && kill((pid_t)pid, 0) == 0;
}

/* SIGTERM to every worker not of generation keep (0: every worker). */
static void server_term_others(unsigned keep)
{
	time_t now = time(NULL);

	for (size_t i = 0; i < sizeof(workers) / sizeof(workers[0]); i++) {
		struct worker *w = &workers[i];

		if (!w->pid || (keep && w->gen == keep))
			continue;
		kill(w->pid, SIGTERM);
		w->term_sent = now;
		if (!w->stop_since)
			w->stop_since = now;
	}
}

static int server_alive(void)
{
	int n = 0;

	for (size_t i = 0; i < sizeof(workers) / sizeof(workers[0]); i++)
		n += workers[i].pid != 0;
	return n;
}

/* One scheduler pass in a child, so the master never blocks on the
 * database. */
static pid_t server_sched_spawn(const sigset_t *blocked)
{
	pid_t pid = fork();

	if (pid == 0) {
		int ran = 0, locked = 0;
		NEOERR *err;

		sigprocmask(SIG_UNBLOCK, blocked, NULL);
		signal(SIGTERM, SIG_DFL);
		err = server_app_init();   /* language tables for outgoing messages */
		if (!err)
			err = scheduler_tick(0, &ran, &locked);
		if (err)
			err_log_and_free(&err);
		db_close();
		_exit(err ? 1 : 0);
	}
	if (pid < 0)
		log_msg(LOG_ERR, "scheduler: fork failed");
	return pid > 0 ? pid : 0;
}

int server_run(void)
{
	/* Copies: a reload (SIGHUP) replaces the config tree these came from. */
	char pidfile[1024], listen[1024];
	sigset_t set;
	int fd, stopping = 0, want;
	time_t last_crash = 0;
	int crash_burst = 0;
	NEOERR *err;

	snprintf(pidfile, sizeof(pidfile), "%s", config_get("Server.PidFile"));
	snprintf(listen, sizeof(listen), "%s", config_get("Server.Listen"));
	if (*pidfile && server_pidfile_busy(pidfile)) {
		log_msg(LOG_ERR, "already running (pid file %s)", pidfile);
		return 1;
	}
	/* Fail fast on a broken install rather than in every worker. */
	err = server_app_init();
	if (err) {
		err_log_and_free(&err);
		return 1;
	}
	server_app_fini();

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	fd = server_open_socket();
	if (fd < 0)
		return 1;
	if (*pidfile) {
		FILE *f = fopen(pidfile, "w");

		if (!f || fprintf(f, "%d\n", (int)getpid()) < 0 || fclose(f) != 0) {
			log_msg(LOG_ERR, "cannot write pid file %s", pidfile);
			return 1;
		}
	}
	want = server_worker_count();
	for (int i = 0; i < want; i++)
		server_spawn(fd, cur_gen);
	log_msg(LOG_INFO, "master %d listening on %s with %d workers", (int)getpid(),
		listen, want);

	for (;;) {
		struct timespec tick = { 1, 0 };
		int sched_every = config_int("Scheduler.IntervalSeconds");
		int sig = sigtimedwait(&set, NULL, &tick);
		time_t now = time(NULL);
		pid_t pid;
		int status;

		if (sig == SIGTERM || sig == SIGINT) {
			if (!stopping)
				log_msg(LOG_INFO, "stopping");
			stopping = 1;
			server_term_others(0);
		} else if (sig == SIGHUP && !stopping) {
			err = config_load(config_path());
			if (err) {
				log_msg(LOG_ERR, "reload: config unreadable, keeping the old one");
				err_log_and_free(&err);
			} else {
				err = server_app_init();   /* check the new templates/lang */
				server_app_fini();
				if (err) {
					log_msg(LOG_ERR, "reload refused:");
					err_log_and_free(&err);
				} else {
					cur_gen++;
					want = server_worker_count();
					for (int i = 0; i < want; i++)
						server_spawn(fd, cur_gen);
					server_term_others(cur_gen);
					log_msg(LOG_INFO, "reloaded: generation %u", cur_gen);
				}
			}
		}
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
			if (pid == sched_pid) {
				sched_pid = 0;
				continue;
			}
			for (size_t i = 0; i < sizeof(workers) / sizeof(workers[0]); i++) {
				if (workers[i].pid != pid)
					continue;
				workers[i].pid = 0;
				if (stopping || workers[i].gen != cur_gen)
					break;
				log_msg(LOG_WARNING, "worker %d died (%s %d); respawning",
					(int)pid, WIFSIGNALED(status) ? "signal" : "exit",
					WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
				/* A worker that dies at once, again and again, is a broken
				 * install: slow down instead of spinning. */
				if (now - workers[i].started < 2) {
					crash_burst = (now - last_crash < 10) ? crash_burst + 1 : 1;
					last_crash = now;
					if (crash_burst > 5)
						sleep(1);
				}
				server_spawn(fd, cur_gen);
				break;
			}
		}
		/* Old generations and a stop: repeat TERM, then KILL after grace. */
		for (size_t i = 0; i < sizeof(workers) / sizeof(workers[0]); i++) {
			struct worker *w = &workers[i];

			if (!w->pid || (!stopping && w->gen == cur_gen))
				continue;
			if (w->stop_since && now - w->stop_since >= config_int("Server.GraceSeconds")) {
				kill(w->pid, SIGKILL);
			} else if (now - w->term_sent >= 1) {
				kill(w->pid, SIGTERM);
				w->term_sent = now;
				if (!w->stop_since)
					w->stop_since = now;
			}
		}
		/* The scheduler: a short-lived child per pass, never two at once
		 * from this master; the named lock keeps other hosts out. */
		if (!stopping && sched_every > 0 && !sched_pid && now - sched_last >= sched_every) {
			sched_last = now;
			sched_pid = server_sched_spawn(&set);
		}
		if (stopping && !server_alive())
			break;
	}
	close(fd);
	if (listen[0] == '/')
		unlink(listen);
	if (*pidfile)
		unlink(pidfile);
	log_msg(LOG_INFO, "stopped");
	return 0;
}
