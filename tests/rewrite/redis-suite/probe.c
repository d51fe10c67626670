/* probe.c -- an LD_PRELOAD library for the rewritten redis-server (check.sh):
 * a per-client value, set when a client is accepted, must be the one every
 * read of that client's socket sees; and every bound callback (ae file
 * events and timers) must run with the value current where it was
 * registered.  Redis itself is not patched: the value comes from outside.
 *
 *   - accept()/accept4() are interposed: each accepted fd gets a fresh token
 *     {fd, serial}, entered with actx_storage_enter_with() for the rest of the
 *     accepting callback (Redis's acceptTcpHandler, itself a bound ae file
 *     event).  createClient() registers the client's READABLE event there, so
 *     the binding captures the token.
 *   - read() is interposed: a read of an accepted fd (Redis reads a client's
 *     socket only in its read handler, readQueryFromClient) must see that
 *     fd's token; close() forgets the fd.
 *   - hooks: `init` records on each binding's resource the value current at
 *     registration (actx_resource_set_data; Redis never uses it), `before`
 *     compares it with the value the call sees; calls of the time procs
 *     (serverCron and any other aeCreateTimeEvent callback: their resource's
 *     type is the callback's name, counted when it ends in "Cron" or
 *     "TimeProc" or "TimerHandler") are counted apart.
 *
 * At exit the counts go, one line per server process, to $ACTX_PROBE_OUT.  Without
 * actx's bindings a read would see no token (the event loop's own frame):
 * "missing" counts those.  Not part of libactx; test only. */
#define _GNU_SOURCE
#include <actx.h>

#include <dlfcn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_FD 65536

struct token {
  int fd;
  unsigned long serial;
};

static actx_storage *S;
static struct token *_Atomic clients[MAX_FD];
static atomic_ulong accepted, reads_ok, reads_missing, reads_wrong;
static atomic_ulong calls_ok, calls_wrong, timer_ok, timer_wrong;

static ssize_t (*real_read)(int, void *, size_t);
static int (*real_close)(int);
static int (*real_accept)(int, struct sockaddr *, socklen_t *);
static int (*real_accept4)(int, struct sockaddr *, socklen_t *, int);

static void note_accept(int fd) {
  if (fd < 0 || fd >= MAX_FD || !S)
    return;
  struct token *t = malloc(sizeof *t);
  if (!t)
    return;
  t->fd = fd;
  t->serial = atomic_fetch_add(&accepted, 1) + 1;
  /* Tokens are never freed: a binding may still hold one after close. */
  atomic_store(&clients[fd], t);
  actx_storage_enter_with(S, t);
}

int accept(int s, struct sockaddr *sa, socklen_t *len) {
  int fd = real_accept(s, sa, len);
  note_accept(fd);
  return fd;
}

int accept4(int s, struct sockaddr *sa, socklen_t *len, int flags) {
  int fd = real_accept4(s, sa, len, flags);
  note_accept(fd);
  return fd;
}

ssize_t read(int fd, void *buf, size_t n) {
  struct token *t = fd >= 0 && fd < MAX_FD ? atomic_load(&clients[fd]) : NULL;
  if (t) {
    void *v = actx_storage_get(S);
    atomic_fetch_add(v == t ? &reads_ok : v ? &reads_wrong : &reads_missing, 1);
  }
  return real_read(fd, buf, n);
}

int close(int fd) {
  if (fd >= 0 && fd < MAX_FD)
    atomic_store(&clients[fd], NULL);
  return real_close(fd);
}

/* ------------------------------------------------------------ hooks */

static bool is_timer(const char *type) {
  size_t n = strlen(type);
  static const char *const ends[] = {"Cron", "TimeProc", "TimerHandler"};
  for (size_t i = 0; i < sizeof ends / sizeof *ends; i++) {
    size_t k = strlen(ends[i]);
    if (n >= k && strcmp(type + n - k, ends[i]) == 0)
      return true;
  }
  return false;
}

/* The value seen at registration; a marker for "none", so that NULL data
 * (a resource the hook did not see created) is told apart. */
static char none;

static int on_init(actx_id id, const char *type, actx_id trigger, actx_resource *r, void *user) {
  (void)id, (void)type, (void)trigger, (void)user;
  void *v = actx_storage_get(S);
  actx_resource_set_data(r, v ? v : &none);
  return 0;
}

static int on_before(actx_id id, void *user) {
  (void)id, (void)user;
  actx_resource *r = actx_execution_async_resource();
  void *want = r ? actx_resource_data(r) : NULL;
  if (!want)
    return 0;
  void *v = actx_storage_get(S);
  bool same = v == (want == &none ? NULL : want);
  if (is_timer(actx_resource_type(r)))
    atomic_fetch_add(same ? &timer_ok : &timer_wrong, 1);
  else
    atomic_fetch_add(same ? &calls_ok : &calls_wrong, 1);
  return 0;
}

__attribute__((constructor)) static void probe_start(void) {
  real_read = (ssize_t(*)(int, void *, size_t))dlsym(RTLD_NEXT, "read");
  real_close = (int (*)(int))dlsym(RTLD_NEXT, "close");
  real_accept = (int (*)(int, struct sockaddr *, socklen_t *))dlsym(RTLD_NEXT, "accept");
  real_accept4 = (int (*)(int, struct sockaddr *, socklen_t *, int))dlsym(RTLD_NEXT, "accept4");
  actx_storage_options o = {.name = "redis-client"};
  S = actx_storage_new(&o);
  static const actx_hook_callbacks cbs = {.init = on_init, .before = on_before};
  actx_hook_enable(actx_hook_new(&cbs, NULL));
}

__attribute__((destructor)) static void probe_end(void) {
  const char *out = getenv("ACTX_PROBE_OUT");
  /* Only the servers: the preload is in every process runtest starts. */
  if (!atomic_load(&calls_ok) && !atomic_load(&calls_wrong) && !atomic_load(&timer_ok) &&
      !atomic_load(&timer_wrong) && !atomic_load(&reads_missing) && !atomic_load(&reads_wrong))
    return;
  FILE *f = out ? fopen(out, "a") : NULL;
  if (!f)
    return;
  fprintf(f,
          "pid=%ld accepted=%lu reads_ok=%lu reads_missing=%lu reads_wrong=%lu calls_ok=%lu "
          "calls_wrong=%lu timer_ok=%lu timer_wrong=%lu\n",
          (long)getpid(), atomic_load(&accepted), atomic_load(&reads_ok),
          atomic_load(&reads_missing), atomic_load(&reads_wrong), atomic_load(&calls_ok),
          atomic_load(&calls_wrong), atomic_load(&timer_ok), atomic_load(&timer_wrong));
  fclose(f);
}
