/* hello-fcgi: the bare libfcgi responder `make bench` compares salesgate
 * against.  Usage: hello-fcgi SOCKET — listens on the unix socket SOCKET,
 * forks 4 workers and answers every request with "hello". */
#include <fcgiapp.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

enum { WORKERS = 4 };

static int serve(int fd)
{
    FCGX_Request req;

    if (FCGX_InitRequest(&req, fd, 0) != 0)
        return 1;
    while (FCGX_Accept_r(&req) >= 0) {
        FCGX_PutS("Content-Type: text/plain\r\n\r\nhello", req.out);
        FCGX_Finish_r(&req);
    }
    return 0;
}

int main(int argc, char **argv)
{
    int fd;

    if (argc != 2) {
        fprintf(stderr, "usage: %s SOCKET\n", argv[0]);
        return 2;
    }
    if (FCGX_Init() != 0) {
        fputs("hello-fcgi: FCGX_Init failed\n", stderr);
        return 1;
    }
    unlink(argv[1]);
    fd = FCGX_OpenSocket(argv[1], 128);
    if (fd < 0) {
        perror(argv[1]);
        return 1;
    }
    for (int i = 0; i < WORKERS; i++) {
        pid_t pid = fork();

        if (pid < 0) {
            perror("fork");
            return 1;
        }
        if (pid == 0)
            return serve(fd);
    }
    while (wait(NULL) > 0)
        ;
    return 0;
}
