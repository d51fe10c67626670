/* test-frame.c -- frames, the frame-switch observer (PROP-OBSERVE-1) and
 * allocation failure on every path that allocates. */
#define TEST_STORAGE_FIXTURE /* S */
#include "test.h"

#include <errno.h>
#include <pthread.h>

#include "internal.h"

static void *noop(void *arg) {
  return arg;
}
static void *new_resource(void *arg) {
  (void)arg;
  return actx_resource_new("R", NULL);
}

/* PROP-OBSERVE-1: the observer fires on scope entry and exit, enter_with, resource run. */
static int switches;
static actx_frame *last_to;
static void observe(actx_frame *from, actx_frame *to, void *user) {
  assert_ptr_equal(user, PTR(0xabc));
  assert_non_null(from);
  assert_true(from != to);
  switches++;
  last_to = to;
}
static void *check_current(void *arg) {
  (void)arg;
  actx_frame *f = actx_snapshot();
  assert_ptr_equal(f, last_to);
  actx_frame_release(f);
  return actx_storage_get(S);
}
static void *enter_inside(void *arg) {
  (void)arg;
  actx_storage_enter_with(S, PTR(3));
  return check_current(NULL);
}
static void observer_sees_switches(void **state) {
  (void)state;
  actx_set_frame_observer(observe, PTR(0xabc));
  assert_ptr_equal(actx_storage_run(S, PTR(2), check_current, NULL), PTR(2));
  assert_int_equal(switches, 2); /* entry and exit */
  switches = 0;
  assert_ptr_equal(actx_storage_run(S, PTR(2), enter_inside, NULL), PTR(3));
  assert_int_equal(switches, 3); /* entry, enter_with, exit */
  actx_resource *res = actx_storage_run(S, PTR(4), new_resource, NULL);
  switches = 0;
  assert_ptr_equal(actx_resource_run(res, check_current, NULL), PTR(4));
  assert_int_equal(switches, 2);
  actx_set_frame_observer(NULL, NULL);
  switches = 0;
  actx_resource_run(res, noop, NULL);
  assert_int_equal(switches, 0);
  actx_resource_release(res);
}

/* Frames: retain/release are NULL-safe and balanced. */
static void frame_references(void **state) {
  (void)state;
  assert_null(actx_frame_retain(NULL));
  actx_frame_release(NULL);
  actx_frame *f = actx_snapshot();
  assert_ptr_equal(actx_frame_retain(f), f);
  actx_frame_release(f);
  actx_frame_release(f);
}

/* The reference stock keeps up to ACTX__STOCK_WAYS frames per thread (a
 * server's connections, each request in its own connection's frame).  Once
 * bindings made across more frames than that, interleaved, and called here or
 * on another thread: each runs in its own frame, and no reference is lost or
 * made up -- a frame's count is its holders' plus what the threads' stocks
 * hold.  The threads' exits give their stocks back (leak checkers see the
 * frames freed: the ASan and valgrind runs). */
enum { STOCK_FRAMES = ACTX__STOCK_WAYS + 8 };
static actx_frame *stock_frame[STOCK_FRAMES];
static void (*stock_cb[STOCK_FRAMES])(void *);
static int stock_wrong;
static void stock_check(void *want) {
  stock_wrong += actx_storage_get(S) != want;
}
static void *stock_snapshot(void *arg) {
  (void)arg;
  return actx_snapshot();
}
static void *stock_bind(void *arg) {
  stock_cb[(intptr_t)arg] = ACTX_ONCE(stock_check);
  return NULL;
}
static long stock_held(actx_frame *f) {
  struct actx__thread *t = &actx__t;
  long held = atomic_load(&f->refs);
  if (t->stock && actx__stock_way(t, f)->f == f)
    held -= actx__stock_way(t, f)->n;
  return held;
}
static void *stock_call_all(void *arg) {
  (void)arg;
  for (int i = STOCK_FRAMES; i-- > 0;)
    stock_cb[i](PTR(i + 1));
  return NULL;
}
static void *stock_thread(void *arg) {
  (void)arg;
  for (int i = 0; i < STOCK_FRAMES; i++)
    stock_frame[i] = actx_storage_run(S, PTR(i + 1), stock_snapshot, NULL);
  for (int round = 0; round < 4; round++) {
    for (int i = 0; i < STOCK_FRAMES; i++)
      actx_frame_run(stock_frame[i], stock_bind, (void *)(intptr_t)i);
    if (round % 2) {
      /* Called (so released) on a thread that only drops references. */
      pthread_t other;
      assert_int_equal(pthread_create(&other, NULL, stock_call_all, NULL), 0);
      assert_int_equal(pthread_join(other, NULL), 0);
    } else {
      stock_call_all(NULL);
    }
    assert_int_equal(stock_wrong, 0);
    for (int i = 0; i < STOCK_FRAMES; i++)
      assert_int_equal(stock_held(stock_frame[i]), 1); /* ours */
  }
  for (int i = 0; i < STOCK_FRAMES; i++)
    actx_frame_release(stock_frame[i]);
  return NULL;
}
static void stock_of_many_frames(void **state) {
  (void)state;
  pthread_t t;
  assert_int_equal(pthread_create(&t, NULL, stock_thread, NULL), 0);
  assert_int_equal(pthread_join(t, NULL), 0);
}

/* Allocation failure: each allocating call fails cleanly, changes nothing,
 * and does not call the callback; a scope whose begin failed is inert (ALS-SCOPE-2). */
static void no_release(void *store, void *user) {
  (void)store;
  (void)user;
}
static int count_init(actx_id id, const char *type, actx_id trigger, actx_resource *r, void *user) {
  (void)id;
  (void)type;
  (void)trigger;
  (void)r;
  ++*(int *)user;
  return 0;
}
static int calls;
static void *count_call(void *arg) {
  calls++;
  return arg;
}
static void allocation_failures(void **state) {
  (void)state;
  actx__test_fail_alloc_after(1);
  errno = 0;
  assert_null(actx_storage_new(NULL));
  assert_int_equal(errno, ENOMEM);
  /* The name shares the storage's block; the second allocation (the
   * callback block) fails: nothing leaks. */
  actx__test_fail_alloc_after(2);
  assert_null(actx_storage_new(&(actx_storage_options){.name = "x", .release = no_release}));
  actx__test_fail_alloc_after(0);

  /* run: the frame cannot be made.  Use more storages than a pooled frame
   * holds, so no recycled frame can stand in for malloc. */
  enum { N = ACTX__FRAME_SMALL + 1 };
  actx_storage *many[N];
  for (int i = 0; i < N; i++)
    many[i] = actx_storage_new(NULL);
  for (int i = 0; i < N - 1; i++)
    assert_int_equal(actx_storage_enter_with(many[i], PTR(i + 1)), 0);
  actx__test_fail_alloc_after(1);
  errno = 0;
  calls = 0;
  assert_null(actx_storage_run(many[N - 1], PTR(9), count_call, PTR(1)));
  assert_int_equal(errno, ENOMEM);
  assert_int_equal(calls, 0);
  assert_int_equal(actx_storage_enter_with(many[N - 1], PTR(9)), ACTX_ENOMEM);
  assert_null(actx_storage_get(many[N - 1]));
  actx_scope sc;
  assert_int_equal(actx_storage_scope_begin(&sc, many[N - 1], PTR(9)), ACTX_ENOMEM);
  actx_scope_end(&sc);
  errno = 0;
  assert_null(actx_resource_new("R", NULL));
  assert_int_equal(errno, ENOMEM);
  assert_null(actx_hook_new(NULL, NULL));
  actx__test_fail_alloc_after(0);

  /* Enabling a hook when the new snapshot cannot be made. */
  actx_hook *h = actx_hook_new(NULL, NULL);
  actx__test_fail_alloc_after(1);
  errno = 0;
  assert_null(actx_hook_enable(h));
  assert_int_equal(errno, ENOMEM);
  actx__test_fail_alloc_after(0);
  assert_ptr_equal(actx_hook_enable(h), h);
  actx_hook_free(h);

  /* Freeing a hook when the smaller set cannot be made: it is never called
   * again, and nothing leaks once the set changes. */
  static int calls_after_free;
  actx_hook *keep = actx_hook_enable(actx_hook_new(NULL, NULL));
  actx_hook *doomed = actx_hook_enable(
      actx_hook_new(&(actx_hook_callbacks){.init = count_init}, &calls_after_free));
  actx__test_fail_alloc_after(1);
  actx_hook_free(doomed);
  actx__test_fail_alloc_after(0);
  actx_resource *r = actx_resource_new("R", NULL);
  assert_int_equal(calls_after_free, 0);
  actx_resource_release(r);
  actx_hook_free(keep);

  for (int i = 0; i < N - 1; i++)
    assert_int_equal(actx_storage_enter_with(many[i], NULL), 0);
  for (int i = 0; i < N; i++)
    actx_storage_free(many[i]);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(observer_sees_switches),
      cmocka_unit_test(frame_references),
      cmocka_unit_test(stock_of_many_frames),
      cmocka_unit_test(allocation_failures),
  };
  return cmocka_run_group_tests_name("frame", tests, storage_setup, storage_teardown);
}
