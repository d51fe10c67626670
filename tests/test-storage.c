/* test-storage.c -- storages (AsyncLocalStorage): the ALS- requirements of
 * docs/conformance.md, and PROP-ENTER, PROP-LATE, PROP-CAPTURE, PROP-SNAP.
 *
 * Until bound function pointers exist, a "callback" is a resource created at
 * registration time and entered later with actx_resource_run(), or a frame
 * captured with actx_snapshot() and entered with actx_frame_run().
 */
#define TEST_STORAGE_FIXTURE /* S (named "S") and S2 */
#include "test.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

static void *get_s(void *arg) {
  (void)arg;
  return actx_storage_get(S);
}

static void *return_arg(void *arg) {
  return arg;
}

static void *get_arg_storage(void *arg) {
  return actx_storage_get(arg);
}

/* ALS-RUN-1, ALS-RUN-2, ALS-EXIT-1: get() inside run is the store; run passes arg and
 * returns fn's result. */
static void run_sets_store_and_forwards(void **state) {
  (void)state;
  assert_null(actx_storage_get(S));
  assert_ptr_equal(actx_storage_run(S, PTR(7), get_s, NULL), PTR(7));
  assert_ptr_equal(actx_storage_run(S, PTR(7), return_arg, PTR(99)), PTR(99));
  assert_ptr_equal(actx_storage_exit(S, return_arg, PTR(98)), PTR(98));
  assert_null(actx_storage_get(S));
}

/* ALS-RUN-1, ALS-RUN-3, ALS-EXIT-1: nested runs see the inner store, then the outer again;
 * exit hides it. */
static void *nested_inner(void *arg) {
  (void)arg;
  assert_ptr_equal(actx_storage_get(S), PTR(2));
  return PTR(1);
}
static void *nested_outer(void *arg) {
  (void)arg;
  assert_ptr_equal(actx_storage_get(S), PTR(1));
  assert_ptr_equal(actx_storage_run(S, PTR(2), nested_inner, NULL), PTR(1));
  assert_ptr_equal(actx_storage_get(S), PTR(1));
  assert_null(actx_storage_exit(S, get_s, NULL));
  assert_ptr_equal(actx_storage_get(S), PTR(1));
  return NULL;
}
static void nested_run_and_exit(void **state) {
  (void)state;
  actx_storage_run(S, PTR(1), nested_outer, NULL);
  assert_null(actx_storage_get(S));
}

/* ALS-INDEP-1: two storages are independent; a callback registered inside both sees
 * both; exit of one hides that one only. */
static actx_resource *cb3;
static void *register_cb3(void *arg) {
  (void)arg;
  cb3 = actx_resource_new("CB", NULL);
  return NULL;
}
static void *run_t_register(void *arg) {
  return actx_storage_run(S2, PTR(20), register_cb3, arg);
}
static void *check_both(void *arg) {
  (void)arg;
  assert_ptr_equal(actx_storage_get(S), PTR(10));
  assert_ptr_equal(actx_storage_get(S2), PTR(20));
  assert_null(actx_storage_exit(S, get_s, NULL));
  assert_ptr_equal(actx_storage_exit(S, get_arg_storage, S2), PTR(20));
  return NULL;
}
static void storages_do_not_mix(void **state) {
  (void)state;
  actx_storage_run(S, PTR(10), run_t_register, NULL);
  assert_non_null(cb3);
  assert_null(actx_storage_get(S));
  assert_null(actx_storage_get(S2));
  actx_resource_run(cb3, check_both, NULL);
  actx_resource_release(cb3);
}

/* ALS-DEEP-1: deep nesting completes and leaves nothing behind: every frame made is
 * freed (retain/release balance to zero). */
static long live_stores;
static void count_retain(void *store, void *user) {
  (void)store;
  (void)user;
  live_stores++;
}
static void count_release(void *store, void *user) {
  (void)store;
  (void)user;
  live_stores--;
}
static actx_storage *D;
static void *recurse(void *arg) {
  uintptr_t depth = UINT(arg);
  assert_ptr_equal(actx_storage_get(D), PTR(depth + 1));
  if (depth == 999)
    return PTR(live_stores);
  return actx_storage_run(D, PTR(depth + 2), recurse, PTR(depth + 1));
}
static void *alternate(void *arg) {
  uintptr_t depth = UINT(arg);
  if (depth == 100)
    return PTR(live_stores);
  if (depth % 2)
    return actx_storage_run(D, PTR(depth), alternate, PTR(depth + 1));
  assert_null(actx_storage_exit(D, get_arg_storage, D));
  return actx_storage_exit(D, alternate, PTR(depth + 1));
}
static void deep_nesting_does_not_leak(void **state) {
  (void)state;
  D = actx_storage_new(&(actx_storage_options){.retain = count_retain, .release = count_release});
  assert_ptr_equal(actx_storage_run(D, PTR(1), recurse, PTR(0)), PTR(1000));
  assert_int_equal(live_stores, 0);
  actx_storage_run(D, PTR(1), alternate, PTR(0));
  assert_int_equal(live_stores, 0);
  actx_storage_free(D);
}

/* ALS-DEFAULT-1, ALS-NAME-1: default value and name. */
static void default_value_and_name(void **state) {
  (void)state;
  actx_storage *d = actx_storage_new(&(actx_storage_options){.default_value = PTR(5)});
  assert_string_equal(actx_storage_name(S), "S");
  assert_string_equal(actx_storage_name(d), "");
  assert_string_equal(actx_storage_name(NULL), "");
  assert_ptr_equal(actx_storage_get(d), PTR(5));
  assert_ptr_equal(actx_storage_run(d, PTR(6), get_arg_storage, d), PTR(6));
  /* An explicit absent store is NULL, not the default. */
  assert_null(actx_storage_exit(d, get_arg_storage, d));
  assert_null(actx_storage_run(d, NULL, get_arg_storage, d));
  assert_ptr_equal(actx_storage_get(d), PTR(5));
  actx_storage_free(d);
}

/* ALS-SCOPE-1, ALS-SCOPE-2, ALS-DEFAULT-1: scope guard: holds until block exit, nests
 * LIFO, ending twice is a no-op. */
static void scope_guard(void **state) {
  (void)state;
  {
    ACTX_STORAGE_SCOPE(S, PTR(1));
    assert_ptr_equal(actx_storage_get(S), PTR(1));
    {
      ACTX_STORAGE_SCOPE(S, PTR(2));
      assert_ptr_equal(actx_storage_get(S), PTR(2));
    }
    assert_ptr_equal(actx_storage_get(S), PTR(1));
  }
  assert_null(actx_storage_get(S));

  actx_scope sc;
  assert_int_equal(actx_storage_scope_begin(&sc, S, PTR(3)), 0);
  assert_ptr_equal(actx_storage_get(S), PTR(3));
  actx_scope_end(&sc);
  assert_null(actx_storage_get(S));
  actx_scope_end(&sc); /* no-op */
  assert_null(actx_storage_get(S));

  actx_storage *d = actx_storage_new(&(actx_storage_options){.default_value = PTR(9)});
  {
    ACTX_STORAGE_SCOPE(d, PTR(1));
    assert_ptr_equal(actx_storage_get(d), PTR(1));
  }
  assert_ptr_equal(actx_storage_get(d), PTR(9));
  actx_storage_free(d);
  assert_int_equal(actx_storage_scope_begin(&sc, NULL, PTR(1)), ACTX_EINVAL);
  actx_scope_end(&sc); /* an inert scope */
  assert_int_equal(actx_storage_scope_begin(NULL, S, PTR(1)), ACTX_EINVAL);
}

/* PROP-ENTER-1: enter_with lasts for the rest of the callback; callbacks bound after it
 * see it, siblings bound before do not. */
static actx_resource *before_cb, *after_cb;
static void *enter_then_register(void *arg) {
  (void)arg;
  before_cb = actx_resource_new("SIBLING", NULL);
  assert_int_equal(actx_storage_enter_with(S, PTR(42)), 0);
  assert_ptr_equal(actx_storage_get(S), PTR(42));
  after_cb = actx_resource_new("CHILD", NULL);
  return NULL;
}
static void *enter_s_42(void *arg) {
  (void)arg;
  assert_int_equal(actx_storage_enter_with(S, PTR(42)), 0);
  return NULL;
}
static void enter_with_scope(void **state) {
  (void)state;
  actx_resource *outer = actx_resource_new("OUTER", NULL);
  actx_resource_run(outer, enter_then_register, NULL);
  assert_null(actx_storage_get(S)); /* ended with the callback */
  assert_null(actx_resource_run(before_cb, get_s, NULL));
  assert_ptr_equal(actx_resource_run(after_cb, get_s, NULL), PTR(42));
  /* Inside run, enter_with ends with the run. */
  actx_storage_run(S2, PTR(1), enter_s_42, NULL);
  assert_null(actx_storage_get(S));
  actx_resource_release(outer);
  actx_resource_release(before_cb);
  actx_resource_release(after_cb);
}

/* PROP-ENTER-2: at top level enter_with lasts for the rest of the thread.
 * ALS-ERR-1: a NULL storage is ACTX_EINVAL. */
static void *top_level_enter_with_thread(void *arg) {
  (void)arg;
  assert_int_equal(actx_storage_enter_with(S, PTR(5)), 0);
  void *seen = actx_storage_run(S2, PTR(1), get_s, NULL);
  return seen == PTR(5) && actx_storage_get(S) == PTR(5) ? PTR(1) : NULL;
}
static void enter_with_top_level_lasts(void **state) {
  (void)state;
  /* On a fresh thread so the main thread's top-level frame stays clean. */
  pthread_t th;
  void *ok;
  assert_int_equal(pthread_create(&th, NULL, top_level_enter_with_thread, NULL), 0);
  assert_int_equal(pthread_join(th, &ok), 0);
  assert_ptr_equal(ok, PTR(1));
  assert_int_equal(actx_storage_enter_with(NULL, PTR(1)), ACTX_EINVAL);
}

/* PROP-LATE-1, PROP-CAPTURE-1: a callback bound inside run and called after run returned
 * sees the store, including changes to a mutable store; capture is at bind time. */
struct box {
  int value;
};
static actx_resource *late_cb;
static void *register_late(void *arg) {
  (void)arg;
  late_cb = actx_resource_new("LATE", NULL);
  return NULL;
}
static void *read_box(void *arg) {
  (void)arg;
  struct box *b = actx_storage_get(S);
  return b ? PTR(b->value) : NULL;
}
static void *run_late_cb(void *arg) {
  (void)arg;
  return actx_resource_run(late_cb, read_box, NULL);
}
static void captured_at_bind_time(void **state) {
  (void)state;
  struct box b = {1};
  actx_storage_run(S, &b, register_late, NULL);
  b.value = 2;
  assert_ptr_equal(actx_resource_run(late_cb, read_box, NULL), PTR(2));
  /* Invoked inside another store: still the registration's. */
  struct box other = {3};
  assert_ptr_equal(actx_storage_run(S, &other, run_late_cb, NULL), PTR(2));
  actx_resource_release(late_cb);
}

/* PROP-SNAP-1: snapshot() in run(123), run inside run(321), sees 123.
 * ALS-ERR-1: frame_run of NULL is EINVAL. */
static void *take_snapshot(void *arg) {
  (void)arg;
  return actx_snapshot();
}
static void *run_snapshot(void *arg) {
  return actx_frame_run(arg, get_s, NULL);
}
static void snapshot_sees_capture(void **state) {
  (void)state;
  actx_frame *f = actx_storage_run(S, PTR(123), take_snapshot, NULL);
  assert_ptr_equal(actx_storage_run(S, PTR(321), run_snapshot, f), PTR(123));
  assert_null(actx_storage_get(S));
  actx_frame_release(f);
  /* A snapshot of the empty frame works too. */
  f = actx_snapshot();
  assert_null(actx_storage_run(S, PTR(1), run_snapshot, f));
  actx_frame_release(f);
  assert_null(actx_frame_run(NULL, get_s, NULL));
  assert_int_equal(errno, EINVAL);
}

/* ALS-DISABLE-1: disable(): get is absent at once, exit does not re-enable, callbacks
 * captured earlier see absent, a later run re-enables. */
static actx_resource *early_cb;
static void *disable_inside(void *arg) {
  (void)arg;
  early_cb = actx_resource_new("EARLY", NULL);
  actx_storage_disable(S);
  assert_null(actx_storage_get(S));
  actx_storage_exit(S, get_s, NULL);
  assert_null(actx_storage_get(S));
  return NULL;
}
static void disable_hides_everywhere(void **state) {
  (void)state;
  actx_storage *d = actx_storage_new(&(actx_storage_options){.default_value = PTR(77)});
  actx_storage_run(S, PTR(1), disable_inside, NULL);
  assert_null(actx_resource_run(early_cb, get_s, NULL));
  assert_ptr_equal(actx_storage_run(S, PTR(2), get_s, NULL), PTR(2));
  /* Disabled means absent, which reads as the default value. */
  actx_frame *f = actx_storage_run(d, PTR(1), take_snapshot, NULL);
  actx_storage_disable(d);
  assert_ptr_equal(actx_frame_run(f, get_arg_storage, d), PTR(77));
  actx_frame_release(f);
  actx_resource_release(early_cb);
  actx_storage_free(d);
  actx_storage_disable(NULL);
}

/* ALS-FREE-1: freeing a storage while frames still hold entries is safe; a new storage
 * never sees the old one's entries. (ASan checks the first half.) */
static void free_storage_with_live_frames(void **state) {
  (void)state;
  long before = live_stores;
  actx_storage *old =
      actx_storage_new(&(actx_storage_options){.retain = count_retain, .release = count_release});
  actx_frame *f = actx_storage_run(old, PTR(1), take_snapshot, NULL);
  assert_int_equal(live_stores, before + 1);
  actx_storage_free(old);
  actx_storage *fresh = actx_storage_new(NULL);
  assert_null(actx_frame_run(f, get_arg_storage, fresh));
  actx_storage_free(fresh);
  actx_frame_release(f); /* release still runs for the store */
  assert_int_equal(live_stores, before);
}

/* ALS-RELEASE-1: release runs exactly once when the last frame holding a store goes. */
static int released[4];
static void note_release(void *store, void *user) {
  (void)user;
  released[UINT(store)]++;
}
static actx_storage *R;
static void *register_two(void *arg) {
  actx_resource **rs = arg;
  rs[0] = actx_resource_new("A", NULL);
  rs[1] = actx_resource_new("B", NULL);
  return NULL;
}
static void release_when_unreachable(void **state) {
  (void)state;
  R = actx_storage_new(&(actx_storage_options){.release = note_release});
  actx_resource *rs[2];
  actx_storage_run(R, PTR(1), register_two, rs);
  assert_int_equal(released[1], 0);
  actx_resource_release(rs[0]);
  assert_int_equal(released[1], 0);
  actx_resource_release(rs[1]);
  assert_int_equal(released[1], 1);
  actx_storage_run(R, PTR(2), get_s, NULL);
  assert_int_equal(released[2], 1);
  actx_storage_free(R);
}

/* ALS-PROPAGATE-1: on_propagate: called once per new resource with get() == store; false
 * makes that resource see absent; resources created earlier keep it. */
static int propagate_calls;
static bool deny_timers(actx_storage *s, const char *type, void *store, void *user) {
  (void)user;
  propagate_calls++;
  assert_ptr_equal(actx_storage_get(s), store);
  return strcmp(type, "TIMER") != 0;
}
static void *make_resources(void *arg) {
  actx_resource **rs = arg;
  rs[0] = actx_resource_new("SOCKET", NULL);
  rs[1] = actx_resource_new("TIMER", NULL);
  return NULL;
}
static void on_propagate_filters(void **state) {
  (void)state;
  actx_storage *p = actx_storage_new(&(actx_storage_options){.on_propagate = deny_timers});
  actx_resource *rs[2];
  actx_storage_run(p, PTR(8), make_resources, rs);
  assert_int_equal(propagate_calls, 2);
  assert_ptr_equal(actx_resource_run(rs[0], get_arg_storage, p), PTR(8));
  assert_null(actx_resource_run(rs[1], get_arg_storage, p));
  actx_resource_release(rs[0]);
  actx_resource_release(rs[1]);
  actx_storage_free(p);
}

/* ALS-ERR-1: bad arguments are errors, never crashes. */
static void bad_arguments(void **state) {
  (void)state;
  errno = 0;
  assert_null(actx_storage_run(NULL, PTR(1), get_s, NULL));
  assert_int_equal(errno, EINVAL);
  errno = 0;
  assert_null(actx_storage_run(S, PTR(1), NULL, NULL));
  assert_int_equal(errno, EINVAL);
  assert_null(actx_storage_get(NULL));
  actx_storage_free(NULL);
  assert_string_equal(actx_strerror(ACTX_EINVAL), "invalid argument");
  assert_string_equal(actx_err_name(ACTX_EALREADY), "EALREADY");
  assert_string_equal(actx_strerror(12345), "unknown error");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(run_sets_store_and_forwards),
      cmocka_unit_test(nested_run_and_exit),
      cmocka_unit_test(storages_do_not_mix),
      cmocka_unit_test(deep_nesting_does_not_leak),
      cmocka_unit_test(default_value_and_name),
      cmocka_unit_test(scope_guard),
      cmocka_unit_test(enter_with_scope),
      cmocka_unit_test(enter_with_top_level_lasts),
      cmocka_unit_test(captured_at_bind_time),
      cmocka_unit_test(snapshot_sees_capture),
      cmocka_unit_test(disable_hides_everywhere),
      cmocka_unit_test(free_storage_with_live_frames),
      cmocka_unit_test(release_when_unreachable),
      cmocka_unit_test(on_propagate_filters),
      cmocka_unit_test(bad_arguments),
  };
  return cmocka_run_group_tests_name("storage", tests, storage_setup, storage_teardown);
}
