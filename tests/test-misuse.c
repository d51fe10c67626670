/* test-misuse.c -- libactx under misuse: wrong arguments are error codes, and
 * releasing or freeing an object twice, calling a released binding, or ending
 * scopes out of order is a fatal message naming the object and the function,
 * never silent corruption.
 *
 * Every fatal case runs in a forked child (test.h's expect_child), so the
 * parent stays clean under valgrind and the sanitizers.  A second release of
 * an object whose memory went back to malloc reads that memory to detect the
 * misuse: memcheck reports the read, so under valgrind such a child exits with
 * valgrind's error status (99 in tests/run.sh) instead of 1; the message is
 * still required. */
#include "bind-common.h"

#include "test.h"

#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>

#include "actx_bind.h"

static actx_storage *S;

/* Exit status 1 and `needle` in stderr; under valgrind also its status 99
 * (the check reads freed memory, which valgrind reports). */
static void expect_fatal(void (*fn)(void *), void *arg, const char *needle) {
  expect_child_or(fn, arg, 1, bind_test_under_valgrind() ? 99 : TEST_NO_STATUS, needle);
}

/* meson sets MALLOC_PERTURB_, with which glibc fills a block as it frees it
 * (once its tcache bin is full): the check still fires, but the message can
 * no longer read the type or name out of the block.  The children that free
 * twice turn it off, so the whole message is checked. */
static void no_perturb(void) {
  mallopt(M_PERTURB, 0);
}

static int add1(int x) {
  return x + 1;
}
static int box_fn(void *data, int x) {
  return *(int *)data + x;
}

/* ------------------------------------------------------------ arguments */

/* BIND-MISUSE-1: a box of no function, and meaningless binding options, are
 * EINVAL. */
static void box_new_null_fn_is_einval(void **state) {
  (void)state;
  int data = 1;
  errno = 0;
  assert_null(actx_box_new(NULL, &data, NULL));
  assert_int_equal(errno, EINVAL);
  errno = 0;
  assert_null(actx_box_new(NULL, &data, &(actx_bind_options){.lifetime = ACTX_LIFE_ONCE}));
  assert_int_equal(errno, EINVAL);
  assert_int_equal(actx_live_resources(), 0);
}

static void bind_with_validates_options(void **state) {
  (void)state;
  actx_fn fn = (actx_fn)add1;
  const actx_bind_options bad[] = {
      {.thunk_reg = 1}, /* a register, but no thunk */
      {.thunk_reg = -1},
      {.thunk_reg = 99, .thunk = fn},
      {.lifetime = (actx_lifetime)99},
      {.lifetime = ACTX_LIFE_KEYED, .slot = "s"}, /* no key */
      {.lifetime = ACTX_LIFE_KEYED, .key = &fn},  /* no slot */
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    errno = 0;
    assert_null(actx_bind_with(fn, &bad[i]));
    assert_int_equal(errno, EINVAL);
    int data = 0;
    errno = 0;
    /* Boxes ignore the thunk, and refuse the rest alike. */
    actx_box *b = actx_box_new((actx_fn)box_fn, &data, &bad[i]);
    if (i < 3) {
      assert_non_null(b);
      assert_int_equal(actx_box_free(b), 0);
    } else {
      assert_null(b);
      assert_int_equal(errno, EINVAL);
    }
  }
  assert_int_equal(actx_live_resources(), 0);
}

/* ------------------------------------------------------------ double release */

/* RES-MISUSE-1: a resource released once too often. */
static void child_resource_twice(void *arg) {
  (void)arg;
  no_perturb();
  actx_resource *r = actx_resource_new("Request", NULL);
  actx_resource_release(r);
  actx_resource_release(r);
}
static void child_resource_retained_thrice(void *arg) {
  (void)arg;
  no_perturb();
  actx_resource *r = actx_resource_new("Shared", NULL);
  actx_resource_retain(r);
  actx_resource_release(r);
  actx_resource_release(r);
  actx_resource_release(r);
}
static void child_resource_retain_freed(void *arg) {
  (void)arg;
  no_perturb();
  actx_resource *r = actx_resource_new("Gone", NULL);
  actx_resource_release(r);
  actx_resource_retain(r);
}
static void resource_released_twice_is_fatal(void **state) {
  (void)state;
  expect_fatal(child_resource_twice, NULL, "actx_resource_release: resource of type \"Request\"");
  expect_fatal(child_resource_retained_thrice, NULL, "\"Shared\"");
  expect_fatal(child_resource_retain_freed, NULL, "actx_resource_retain: resource");
}

/* ALS-MISUSE-1: a storage freed twice. */
static void child_storage_twice(void *arg) {
  (void)arg;
  no_perturb();
  actx_storage *s = actx_storage_new(&(actx_storage_options){.name = "request-id"});
  actx_storage_free(s);
  actx_storage_free(s);
}
static void storage_freed_twice_is_fatal(void **state) {
  (void)state;
  expect_fatal(child_storage_twice, NULL, "actx_storage_free: storage \"request-id\"");
}

/* HOOK-MISUSE-1: a hook freed twice, or enabled after its free. */
static void child_hook_twice(void *arg) {
  no_perturb();
  actx_hook *h = actx_hook_new(NULL, NULL);
  if (arg) {
    /* A dispatch makes this thread cache the enabled set, which then keeps
     * the hook's memory after the free: no freed memory is read. */
    actx_hook_enable(h);
    actx_resource_release(actx_resource_new("R", NULL));
  }
  actx_hook_free(h);
  actx_hook_free(h);
}
static void child_hook_enable_freed(void *arg) {
  (void)arg;
  no_perturb();
  actx_hook *h = actx_hook_enable(actx_hook_new(NULL, NULL));
  actx_hook_free(h);
  actx_hook_enable(h);
}
static void hook_freed_twice_is_fatal(void **state) {
  (void)state;
  expect_fatal(child_hook_twice, NULL, "actx_hook_free: hook");
  expect_child(child_hook_twice, PTR(1), 1, "actx_hook_free: hook");
  expect_fatal(child_hook_enable_freed, NULL, "actx_hook_enable: hook");
}

/* BIND-MISUSE-2: a box freed twice. */
static void child_box_twice(void *arg) {
  (void)arg;
  no_perturb();
  static int data = 1;
  actx_box *b = actx_box_new((actx_fn)box_fn, &data, &(actx_bind_options){.type = "on_data"});
  actx_box_free(b);
  actx_box_free(b);
}
static void box_freed_twice_is_fatal(void **state) {
  (void)state;
  expect_fatal(child_box_twice, NULL, "actx_box_free: box");
}

/* PROP-MISUSE-1: a frame released once too often: back in the thread's pool,
 * back to malloc, or absorbed by the thread's reference stock. */
static void child_frame_pooled(void *arg) {
  (void)arg;
  int v;
  actx_storage_enter_with(S, &v);
  actx_frame *f = actx_snapshot();
  actx_storage_enter_with(S, NULL); /* the snapshot is now the only reference */
  actx_frame_release(f);            /* back to the pool */
  actx_frame_release(f);
}
static void child_frame_stocked(void *arg) {
  (void)arg;
  int v;
  actx_storage_enter_with(S, &v);
  /* A resource made here takes a batch of references to the current frame
   * into this thread's stock, and gives its own back there when released:
   * then the snapshot's is the only reference the stock does not hold. */
  actx_resource *r = actx_resource_new("R", NULL);
  actx_frame *f = actx_snapshot();
  actx_storage_enter_with(S, NULL);
  actx_resource_release(r);
  actx_frame_release(f);
  actx_frame_release(f); /* the stock would absorb this one */
}
static void child_frame_retain_released(void *arg) {
  (void)arg;
  int v;
  actx_storage_enter_with(S, &v);
  actx_frame *f = actx_snapshot();
  actx_storage_enter_with(S, NULL);
  actx_frame_release(f);
  actx_frame_retain(f);
}
static void frame_released_twice_is_fatal(void **state) {
  (void)state;
  expect_child(child_frame_retain_released, NULL, 1, "actx_frame_retain: frame");
  expect_child(child_frame_pooled, NULL, 1, "actx_frame_release: frame");
  expect_child(child_frame_stocked, NULL, 1, "actx_frame_release: frame");
}

/* ------------------------------------------------------------ stale stubs */

/* BIND-MISUSE-3: a released stub is not handed out again before many other
 * stubs have been released: a stale call reaches the fatal message, not the
 * next function bound on the thread. */
#define QUARANTINE 64 /* docs/binding.md: the N of the guarantee */
static void child_stale_after_rebind(void *arg) {
  (void)arg;
  int (*old)(int) = (int (*)(int))actx_bind((actx_fn)add1, "add1");
  actx_unbind((actx_fn)old);
  int (*next)(int) = (int (*)(int))actx_bind((actx_fn)abort, "abort");
  if ((actx_fn)next == (actx_fn)old)
    _exit(3);
  old(1);
}
static void stale_stub_is_not_reused_soon(void **state) {
  (void)state;
  expect_child(child_stale_after_rebind, NULL, 1, "a released binding was called (type \"add1\"");
  /* One stub released, then QUARANTINE others bound and released: the first
   * is not among the stubs handed out meanwhile. */
  actx_fn first = actx_bind((actx_fn)add1, "first");
  assert_int_equal(actx_unbind(first), 0);
  for (int i = 0; i < QUARANTINE; i++) {
    actx_fn b = actx_bind((actx_fn)add1, "other");
    assert_non_null(b);
    assert_true(b != first);
    assert_int_equal(actx_unbind(b), 0);
  }
  assert_int_equal(actx_live_resources(), 0);
}

/* The same across threads: a stub released on a thread that then exits waits
 * in the shared queue behind the others, and is not handed out again before
 * QUARANTINE more stubs have joined that queue after it. */
static void *unbind_on_thread(void *arg) {
  assert_int_equal(actx_unbind((actx_fn)arg), 0);
  return NULL;
}
static void stale_stub_quarantined_across_threads(void **state) {
  (void)state;
  if (bind_test_no_threads())
    skip();
  actx_fn x = actx_bind((actx_fn)add1, "x");
  pthread_t th;
  assert_int_equal(pthread_create(&th, NULL, unbind_on_thread, (void *)x), 0);
  assert_int_equal(pthread_join(th, NULL), 0);
  for (int i = 0; i < 4 * QUARANTINE; i++) {
    actx_fn b = actx_bind((actx_fn)add1, "other");
    assert_non_null(b);
    assert_true(b != x);
    assert_int_equal(actx_unbind(b), 0);
  }
  assert_int_equal(actx_live_resources(), 0);
}

/* ------------------------------------------------------------ fatal messages */

/* HOOK-FATAL-3: ACTX_ABORT_ON_HOOK_ERROR=1 turns hook failures into abort(),
 * and nothing else: other fatal errors still exit 1. */
static void child_corrupt_with_abort_env(void *arg) {
  (void)arg;
  setenv("ACTX_ABORT_ON_HOOK_ERROR", "1", 1);
  actx_resource *a = actx_resource_new("A", NULL), *b = actx_resource_new("B", NULL);
  actx_scope sa, sb;
  actx_resource_scope_begin(&sa, a);
  actx_resource_scope_begin(&sb, b);
  actx_scope_end(&sa);
}
static void child_stale_with_abort_env(void *arg) {
  (void)arg;
  setenv("ACTX_ABORT_ON_HOOK_ERROR", "1", 1);
  int (*old)(int) = (int (*)(int))actx_bind((actx_fn)add1, "add1");
  actx_unbind((actx_fn)old);
  old(1);
}
static void abort_env_is_for_hook_failures_only(void **state) {
  (void)state;
  expect_child(child_corrupt_with_abort_env, NULL, 1, "corrupted");
  expect_child(child_stale_with_abort_env, NULL, 1, "a released binding was called");
}

/* HOOK-CORRUPT-2: the corrupted-stack message names the scope being ended and
 * the innermost one: storage names for storage scopes, async ids and types
 * for resources. */
static void child_storage_scopes(void *arg) {
  (void)arg;
  actx_storage *outer = actx_storage_new(&(actx_storage_options){.name = "outer-als"});
  actx_storage *inner = actx_storage_new(&(actx_storage_options){.name = "inner-als"});
  actx_scope a, b;
  actx_storage_scope_begin(&a, outer, PTR(1));
  actx_storage_scope_begin(&b, inner, PTR(2));
  actx_scope_end(&a);
}
static void child_resource_scopes(void *arg) {
  (void)arg;
  actx_resource *a = actx_resource_new("OuterType", NULL);
  actx_resource *b = actx_resource_new("InnerType", NULL);
  actx_scope sa, sb;
  actx_resource_scope_begin(&sa, a);
  actx_resource_scope_begin(&sb, b);
  actx_scope_end(&sa);
}
static void corrupted_scope_names_both(void **state) {
  (void)state;
  expect_child(child_storage_scopes, NULL, 1,
               "actual: scope of storage \"outer-als\", expected: scope of storage \"inner-als\"");
  expect_child(child_resource_scopes, NULL, 1, "type \"OuterType\"");
  expect_child(child_resource_scopes, NULL, 1, "expected: async id");
  expect_child(child_resource_scopes, NULL, 1, "type \"InnerType\"");
}

int main(void) {
  S = actx_storage_new(&(actx_storage_options){.name = "S"});
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(box_new_null_fn_is_einval),
      cmocka_unit_test(bind_with_validates_options),
      cmocka_unit_test(resource_released_twice_is_fatal),
      cmocka_unit_test(storage_freed_twice_is_fatal),
      cmocka_unit_test(hook_freed_twice_is_fatal),
      cmocka_unit_test(box_freed_twice_is_fatal),
      cmocka_unit_test(frame_released_twice_is_fatal),
      cmocka_unit_test(stale_stub_is_not_reused_soon),
      cmocka_unit_test(stale_stub_quarantined_across_threads),
      cmocka_unit_test(abort_env_is_for_hook_failures_only),
      cmocka_unit_test(corrupted_scope_names_both),
  };
  /* TEST_FILTER=pattern runs only the matching cases (cmocka's globbing). */
  if (getenv("TEST_FILTER"))
    cmocka_set_test_filter(getenv("TEST_FILTER"));
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  actx_storage_free(S);
  return rc;
}
