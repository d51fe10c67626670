/* accept_tag.c -- an LD_PRELOAD library for the memcached hand-off test
 * (run.sh): it sets a value at each accept and looks at it in each read,
 * without a patch to memcached.
 *
 * accept()/accept4(): when the real call returns a connection, it gets the
 * next token (1, 2, ...) and `actx_storage_enter_with(tag, token)` makes it
 * the store of storage `tag` for the rest of the calling callback --
 * memcached's listening event handler, which goes on to dispatch_conn_new():
 * what a program would do when it sets a request id at accept.
 * read(): on a connection it tagged, it logs the token that fd got at its
 * accept and the store it sees now (memcached reads a client's commands with
 * read() in the worker thread's event handler for that connection).
 * Log lines, written with one write() each to $ACTX_ACCEPT_LOG:
 *   accept fd=F token=T tid=N
 *   read fd=F token=T seen=S tid=N
 * Built and loaded by run.sh only; links libactx like the rewritten memcached,
 * so both use the same storage. */
#define _GNU_SOURCE
#include <actx.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MAX_FD 65536

static actx_storage *tag;
static int log_fd = -1;
static _Atomic long next_token;
static _Atomic long tokens[MAX_FD]; /* fd -> token of its last accept; 0: not ours */

__attribute__((constructor)) static void start(void) {
  tag = actx_storage_new(&(actx_storage_options){.name = "accept-tag"});
  const char *path = getenv("ACTX_ACCEPT_LOG");
  if (path)
    log_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
}

/* One line, one write(): lines from several threads do not interleave. */
static void log_line(const char *what, long fd, long token, long seen) {
  char line[160];
  int n = seen < 0 ? snprintf(line, sizeof line, "%s fd=%ld token=%ld tid=%ld\n", what, fd, token,
                              (long)syscall(SYS_gettid))
                   : snprintf(line, sizeof line, "%s fd=%ld token=%ld seen=%ld tid=%ld\n", what,
                              fd, token, seen, (long)syscall(SYS_gettid));
  if (log_fd >= 0 && n > 0 && write(log_fd, line, (size_t)n) != n)
    _exit(90);
}

static int tagged(int fd) {
  if (fd >= 0 && fd < MAX_FD && tag) {
    long t = atomic_fetch_add(&next_token, 1) + 1;
    atomic_store(&tokens[fd], t);
    actx_storage_enter_with(tag, (void *)(intptr_t)t);
    log_line("accept", fd, t, -1);
  }
  return fd;
}

int accept(int s, struct sockaddr *addr, socklen_t *len) {
  static int (*real)(int, struct sockaddr *, socklen_t *);
  if (!real)
    real = (int (*)(int, struct sockaddr *, socklen_t *))dlsym(RTLD_NEXT, "accept");
  return tagged(real(s, addr, len));
}

int accept4(int s, struct sockaddr *addr, socklen_t *len, int flags) {
  static int (*real)(int, struct sockaddr *, socklen_t *, int);
  if (!real)
    real = (int (*)(int, struct sockaddr *, socklen_t *, int))dlsym(RTLD_NEXT, "accept4");
  return tagged(real(s, addr, len, flags));
}

ssize_t read(int fd, void *buf, size_t n) {
  static ssize_t (*real)(int, void *, size_t);
  if (!real)
    real = (ssize_t(*)(int, void *, size_t))dlsym(RTLD_NEXT, "read");
  ssize_t got = real(fd, buf, n);
  long t = fd >= 0 && fd < MAX_FD ? atomic_load(&tokens[fd]) : 0;
  if (got > 0 && t)
    log_line("read", fd, t, (long)(intptr_t)actx_storage_get(tag));
  return got;
}
