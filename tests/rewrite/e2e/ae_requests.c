/* ae_requests.c -- end to end with a tiny event loop shaped like Redis's ae
 * (fd events with a READABLE|WRITABLE mask, timers with a long long id that
 * run until they return AE_NOMORE): the meson build compiles this file from
 * its actx-rewrite output with ../redis-suite/redis.contracts.  Each request
 * registers READABLE and WRITABLE on its fd, then deletes only WRITABLE (the
 * crash of issue 12: the READABLE binding must survive), and a timer that
 * stops itself after three runs; another timer is deleted by id.  Every
 * callback must see its request's id, and no binding may be left once every
 * fd is deleted. */
#include <actx.h>
#include <stdint.h>
#include <stdio.h>

#define AE_READABLE 1
#define AE_WRITABLE 2
#define AE_NOMORE -1
#define REQUESTS 4
#define MAX_TIMERS 16

typedef struct aeEventLoop aeEventLoop;
typedef void aeFileProc(struct aeEventLoop *eventLoop, int fd, void *clientData, int mask);
typedef int aeTimeProc(struct aeEventLoop *eventLoop, long long id, void *clientData);
typedef void aeEventFinalizerProc(struct aeEventLoop *eventLoop, void *clientData);

/* ---- the loop (as ae.c: one proc per mask bit, timers in a table) */
static struct {
  aeFileProc *rproc, *wproc;
  void *data;
} files[REQUESTS];
static struct {
  long long id;
  aeTimeProc *proc;
  void *data;
} timers[MAX_TIMERS];
static long long next_timer_id;

int aeCreateFileEvent(aeEventLoop *el, int fd, int mask, aeFileProc *proc, void *clientData);
void aeDeleteFileEvent(aeEventLoop *el, int fd, int mask);
long long aeCreateTimeEvent(aeEventLoop *el, long long milliseconds, aeTimeProc *proc,
                            void *clientData, aeEventFinalizerProc *finalizerProc);
int aeDeleteTimeEvent(aeEventLoop *el, long long id);

int aeCreateFileEvent(aeEventLoop *el, int fd, int mask, aeFileProc *proc, void *clientData) {
  (void)el;
  if (mask & AE_READABLE)
    files[fd].rproc = proc;
  if (mask & AE_WRITABLE)
    files[fd].wproc = proc;
  files[fd].data = clientData;
  return 0;
}

void aeDeleteFileEvent(aeEventLoop *el, int fd, int mask) {
  (void)el;
  if (mask & AE_READABLE)
    files[fd].rproc = NULL;
  if (mask & AE_WRITABLE)
    files[fd].wproc = NULL;
}

long long aeCreateTimeEvent(aeEventLoop *el, long long milliseconds, aeTimeProc *proc,
                            void *clientData, aeEventFinalizerProc *finalizerProc) {
  (void)el, (void)milliseconds, (void)finalizerProc;
  for (int i = 0; i < MAX_TIMERS; i++)
    if (!timers[i].proc) {
      timers[i].id = ++next_timer_id;
      timers[i].proc = proc;
      timers[i].data = clientData;
      return timers[i].id;
    }
  return -1;
}

int aeDeleteTimeEvent(aeEventLoop *el, long long id) {
  (void)el;
  for (int i = 0; i < MAX_TIMERS; i++)
    if (timers[i].proc && timers[i].id == id) {
      timers[i].proc = NULL;
      return 0;
    }
  return -1;
}

static void run_once(void) {
  for (int fd = 0; fd < REQUESTS; fd++) {
    if (files[fd].rproc)
      files[fd].rproc(NULL, fd, files[fd].data, AE_READABLE);
    if (files[fd].wproc)
      files[fd].wproc(NULL, fd, files[fd].data, AE_WRITABLE);
  }
  for (int i = 0; i < MAX_TIMERS; i++)
    if (timers[i].proc && timers[i].proc(NULL, timers[i].id, timers[i].data) == AE_NOMORE)
      timers[i].proc = NULL;
}

/* ---- the program */
struct request {
  intptr_t id;
  int fd, reads, ticks;
  long long doomed; /* a timer deleted by id before it runs */
};

static actx_storage *request_id;
static int checks, failures;

static void expect(const struct request *r, const char *where) {
  intptr_t seen = (intptr_t)actx_storage_get(request_id);
  checks++;
  if (seen != r->id) {
    failures++;
    fprintf(stderr, "request %ld: %s saw request id %ld\n", (long)r->id, where, (long)seen);
  }
}

static void on_io(aeEventLoop *el, int fd, void *data, int mask) {
  struct request *r = data;
  (void)el, (void)fd;
  expect(r, mask & AE_READABLE ? "read handler" : "write handler");
  if (mask & AE_READABLE)
    r->reads++;
}

static int on_tick(aeEventLoop *el, long long id, void *data) {
  struct request *r = data;
  (void)el, (void)id;
  expect(r, "timer");
  return ++r->ticks < 3 ? 1 : AE_NOMORE;
}

static int never(aeEventLoop *el, long long id, void *data) {
  (void)el, (void)id, (void)data;
  failures++;
  return AE_NOMORE;
}

static void *start_request(void *arg) {
  struct request *r = arg;
  aeCreateFileEvent(NULL, r->fd, AE_READABLE, on_io, r);
  aeCreateFileEvent(NULL, r->fd, AE_WRITABLE, on_io, r);
  aeCreateTimeEvent(NULL, 1, on_tick, r, NULL);
  r->doomed = aeCreateTimeEvent(NULL, 1, never, r, NULL);
  return NULL;
}

int main(void) {
  static struct request reqs[REQUESTS];
  request_id = actx_storage_new(NULL);
  size_t live = actx_live_resources();
  for (int i = 0; i < REQUESTS; i++) {
    reqs[i].id = i + 1;
    reqs[i].fd = i;
    actx_storage_run(request_id, (void *)reqs[i].id, start_request, &reqs[i]);
    /* its id is a small integer like the fds: only the timer goes */
    aeDeleteTimeEvent(NULL, reqs[i].doomed);
  }
  run_once();
  for (int i = 0; i < REQUESTS; i++)
    aeDeleteFileEvent(NULL, reqs[i].fd, AE_WRITABLE); /* the READABLE binding stays */
  for (int n = 0; n < 3; n++)
    run_once(); /* reads go on; the timers end at their third run */
  for (int i = 0; i < REQUESTS; i++) {
    if (reqs[i].reads != 4 || reqs[i].ticks != 3)
      failures++;
    aeDeleteFileEvent(NULL, reqs[i].fd, AE_READABLE | AE_WRITABLE);
  }
  if (actx_live_resources() != live) {
    fprintf(stderr, "%zu bindings left\n", actx_live_resources() - live);
    failures++;
  }
  printf("%d checks, %d failures\n", checks, failures);
  return failures != 0 || checks != REQUESTS * (1 + 1 + 3 + 3);
}
