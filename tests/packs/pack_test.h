/* pack_test.h -- what the pack test programs share (tests/packs/).  Each
 * program makes its registrations inside actx_storage_run(pack_storage,
 * PACK_VALUE, ...) and runs the library afterwards, outside it: a
 * callback sees PACK_VALUE only if the rewriter bound it.  pack_expect()
 * counts a callback that must see it; pack_finish() compares the count. */
#ifndef PACK_TEST_H
#define PACK_TEST_H

#include <actx.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define PACK_VALUE ((void *)(intptr_t)0x5eed)

static actx_storage *pack_storage;
static atomic_int pack_seen, pack_failures;

/* A callback that runs after its registration returned. */
static inline void pack_expect(const char *where) {
  void *v = actx_storage_get(pack_storage);
  atomic_fetch_add(&pack_seen, 1);
  if (getenv("PACK_VERBOSE")) /* lists the checks, to find a missing one */
    printf("check: %s\n", where);
  if (v != PACK_VALUE) {
    atomic_fetch_add(&pack_failures, 1);
    fprintf(stderr, "%s: saw %p, not the registration's %p\n", where, v, PACK_VALUE);
  }
}

/* A callback that may or may not run (a progress callback): if it runs, it
 * must see the value, but it is not counted. */
static inline void pack_expect_if_called(const char *where) {
  if (actx_storage_get(pack_storage) != PACK_VALUE) {
    atomic_fetch_add(&pack_failures, 1);
    fprintf(stderr, "%s: lost its registration's value\n", where);
  }
}

/* A callback whose binding needs another branch's semantics (fields,
 * types-findings...): reported, not counted; pack_expect once merged. */
static inline void pack_expect_pending(const char *branch, const char *where) {
  void *v = actx_storage_get(pack_storage);
  printf("pending (%s): %s %s\n", branch, where,
         v == PACK_VALUE ? "sees its registration's value: make it pack_expect" : "loses it");
}

static inline void pack_init(void) {
  pack_storage = actx_storage_new(NULL);
}

/* The exit status: 0 when exactly `expected` checks ran and all passed. */
static inline int pack_finish(const char *name, int expected) {
  int seen = atomic_load(&pack_seen), failed = atomic_load(&pack_failures);
  printf("%s: %d checks (expected %d), %d failures, %zu bind failures\n", name, seen, expected,
         failed, actx_bind_failures());
  return seen == expected && !failed && !actx_bind_failures() ? 0 : 1;
}

#endif
