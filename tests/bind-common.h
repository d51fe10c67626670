/* bind-common.h -- helpers shared by the binding tests (tests/test-bind*.c). */
#ifndef BIND_COMMON_H
#define BIND_COMMON_H

#include <actx.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#ifndef PR_SET_MDWE
#define PR_SET_MDWE 65
#endif
#ifndef PR_MDWE_REFUSE_EXEC_GAIN
#define PR_MDWE_REFUSE_EXEC_GAIN 1
#endif

/* True under valgrind (its preload library is in LD_PRELOAD). */
static inline int bind_test_under_valgrind(void) {
  const char *p = getenv("LD_PRELOAD");
  return p && strstr(p, "vgpreload") != NULL;
}

/* With ACTX_TEST_MDWE=1 in the environment, turns on memory-deny-write-execute
 * for the whole process before any test runs, so every stub the suite uses
 * must come without writable+executable memory.  Returns 77 (meson's "skip")
 * when the kernel refuses, 0 otherwise. */
static inline int bind_test_mdwe(void) {
  const char *e = getenv("ACTX_TEST_MDWE");
  if (!e || strcmp(e, "1") != 0)
    return 0;
  if (bind_test_under_valgrind()) {
    fprintf(stderr, "skipping: MDWE would stop valgrind's own code generation\n");
    return 77;
  }
  if (prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN, 0L, 0L, 0L) != 0) {
    perror("skipping: prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN)");
    return 77;
  }
  fprintf(stderr, "running with PR_SET_MDWE(PR_MDWE_REFUSE_EXEC_GAIN)\n");
  return 0;
}

/* True when ACTX_TEST_NO_THREADS=1: the emulator running the tests cannot
 * start threads or fork (qemu-user 7.2 hangs in clone on this project's VM),
 * so the tests that need a second thread or process skip themselves. */
static inline int bind_test_no_threads(void) {
  const char *e = getenv("ACTX_TEST_NO_THREADS");
  return e && strcmp(e, "1") == 0;
}

/* A hook that records events of every resource, in order, for lifecycle
 * assertions.  Not thread-safe: tests using it run their callbacks on one
 * thread or join before reading. */
#define EV_MAX 256
struct ev_log {
  int n;
  char kind[EV_MAX]; /* 'i' 'b' 'a' 'd' */
  actx_id id[EV_MAX];
  actx_id trigger[EV_MAX]; /* init only */
};

static inline void ev_add(struct ev_log *l, char k, actx_id id, actx_id trig) {
  if (l->n < EV_MAX) {
    l->kind[l->n] = k;
    l->id[l->n] = id;
    l->trigger[l->n] = trig;
    l->n++;
  }
}
static inline int ev_init(actx_id id, const char *type, actx_id trig, actx_resource *r, void *u) {
  (void)type, (void)r;
  ev_add((struct ev_log *)u, 'i', id, trig);
  return 0;
}
static inline int ev_before(actx_id id, void *u) {
  ev_add((struct ev_log *)u, 'b', id, 0);
  return 0;
}
static inline int ev_after(actx_id id, void *u) {
  ev_add((struct ev_log *)u, 'a', id, 0);
  return 0;
}
static inline int ev_destroy(actx_id id, void *u) {
  ev_add((struct ev_log *)u, 'd', id, 0);
  return 0;
}

/* The sequence of events of resource `id`, as a string like "ibad". */
static inline const char *ev_seq(const struct ev_log *l, actx_id id, char *buf) {
  int k = 0;
  for (int i = 0; i < l->n; i++)
    if (l->id[i] == id)
      buf[k++] = l->kind[i];
  buf[k] = 0;
  return buf;
}

static inline actx_hook *ev_hook(struct ev_log *l) {
  memset(l, 0, sizeof *l);
  actx_hook_callbacks cbs = {ev_init, ev_before, ev_after, ev_destroy, NULL};
  return actx_hook_enable(actx_hook_new(&cbs, l));
}

#endif
