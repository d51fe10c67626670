/* test-bind-values.c -- rewriting never changes what a program sees: a NULL
 * callback variable stays NULL through every binding macro (user data stays
 * unboxed), and getters map a binding's stub back to the program's function
 * (actx_unwrap_fn).  docs/rewriter.md, "What the rewriter guarantees". */
#include "bind-common.h"
#define TEST_STORAGE_FIXTURE /* S */
#include "test.h"

typedef void *(*getter_fn)(void);
typedef int (*source_fn)(void *data);
typedef void (*close_fn)(void *handle);

static void *get_s(void) {
  return actx_storage_get(S);
}
static int source(void *data) {
  return data != NULL;
}

ACTX_THUNK_R(getter_thunk, 0, void *, (), ())
ACTX_BOX_THUNK(source_box_thunk, int, (void *a0), (a0), 0)
ACTX_CLOSE_FN(close_helper, (void *a0), (a0))
ACTX_THUNK(close_thunk, void, (void *a0), (a0))

/* A NULL the compiler cannot see through: what a callback variable holds. */
static getter_fn null_getter(void) {
  static getter_fn volatile none;
  return none;
}
static source_fn null_source(void) {
  static source_fn volatile none;
  return none;
}

/* ------------------------------------------------------------ NULL stays NULL */

/* BIND-VALUE-1 */
static void null_stays_null_in_stub_forms(void **state) {
  (void)state;
  size_t live = actx_live_resources(), failures = actx_bind_failures();
  int key;
  getter_fn cb = null_getter();
  assert_null(ACTX_BIND(cb));
  assert_null(ACTX_ONCE(cb));
  assert_null(ACTX_UNTIL_FALSE(cb));
  assert_null(ACTX_FOREVER(cb));
  assert_null(ACTX_KEYED(cb, &key, "read"));
  assert_null(ACTX_ONCE_T(getter_thunk, cb));
  assert_null(ACTX_FOREVER_T(getter_thunk, cb));
  assert_null(ACTX_KEYED_T(getter_thunk, cb, &key, "read"));
  assert_int_equal(actx_live_resources(), live);
  assert_int_equal(actx_bind_failures(), failures);
  assert_int_equal(actx_release_key(&key), 0);
}

/* BIND-VALUE-1 */
static void null_stays_null_in_box_forms(void **state) {
  (void)state;
  size_t live = actx_live_resources();
  int key, data;
  source_fn cb = null_source();
  /* The API gets (NULL, data): no thunk it would call, no box it would pass. */
  assert_null(ACTX_BOXED(source_box_thunk, cb));
  assert_ptr_equal(ACTX_BOX_ONCE(cb, &data), &data);
  assert_ptr_equal(ACTX_BOX_UNTIL_FALSE(cb, &data), &data);
  assert_ptr_equal(ACTX_BOX_FOREVER(cb, &data), &data);
  assert_ptr_equal(ACTX_BOX_KEYED(cb, &data, &key, "src"), &data);
  assert_int_equal(actx_live_resources(), live);
  assert_int_equal(actx_release_key(&key), 0);
  /* and a non-NULL one still boxes */
  cb = source;
  source_fn t = ACTX_BOXED(source_box_thunk, cb);
  void *box = ACTX_BOX_ONCE(cb, &data);
  assert_ptr_equal(t, source_box_thunk);
  assert_ptr_not_equal(box, &data);
  assert_int_equal(t(box), 1);
  assert_int_equal(actx_live_resources(), live);
}

/* Keyed: a NULL registration makes no binding and releases nothing (the API
 * may refuse it and keep calling the previous callback); the previous binding
 * lives until its key is released, as after any refused registration. */
/* BIND-VALUE-1 */
static void null_keyed_keeps_previous(void **state) {
  (void)state;
  size_t live = actx_live_resources();
  int key;
  getter_fn cb = get_s;
  getter_fn first = ACTX_KEYED_T(getter_thunk, cb, &key, "read");
  assert_non_null(first);
  cb = null_getter();
  assert_null(ACTX_KEYED_T(getter_thunk, cb, &key, "read"));
  assert_int_equal(actx_live_resources(), live + 1);
  assert_null(first()); /* still callable */
  assert_int_equal(actx_release_key(&key), 1);
  assert_int_equal(actx_live_resources(), live);
}

/* Close: a NULL close callback still gets the close binding (non-NULL): its
 * call is what releases the handle's bindings, and it calls nothing. */
/* BIND-VALUE-1 */
static void null_close_still_releases(void **state) {
  (void)state;
  size_t live = actx_live_resources();
  int key;
  getter_fn cb = get_s;
  assert_non_null(ACTX_KEYED(cb, &key, "read"));
  close_fn none = NULL;
  close_fn c = ACTX_CLOSE_T(close_thunk, close_helper, none, &key);
  assert_non_null(c);
  c(&key);
  assert_int_equal(actx_live_resources(), live);
}

/* ------------------------------------------------------------ getters */

/* BIND-VALUE-2 */
static void unwrap_maps_stubs_back(void **state) {
  (void)state;
  int key;
  getter_fn cb = get_s;
  getter_fn plain = ACTX_FOREVER(cb);
  getter_fn typed = ACTX_ONCE_T(getter_thunk, cb);
  getter_fn keyed = ACTX_KEYED_T(getter_thunk, cb, &key, "read");
  assert_ptr_not_equal(plain, get_s);
  assert_ptr_equal(ACTX_UNWRAP_FN(plain), get_s);
  assert_ptr_equal(ACTX_UNWRAP_FN(typed), get_s);
  assert_ptr_equal(ACTX_UNWRAP_FN(keyed), get_s);
  /* out-parameters */
  getter_fn out = keyed;
  actx_unwrap_fn_at(&out);
  assert_ptr_equal(out, get_s);
  actx_unwrap_fn_at(NULL);
  /* what was never bound, or is no longer */
  assert_ptr_equal(ACTX_UNWRAP_FN(cb), get_s);
  assert_null(actx_unwrap_fn(NULL));
  assert_ptr_equal(actx_unwrap_fn((actx_fn)source_box_thunk), (actx_fn)source_box_thunk);
  assert_int_equal(actx_release_key(&key), 1);
  assert_ptr_equal(ACTX_UNWRAP_FN(keyed), keyed);
  assert_null(typed()); /* releases the once binding */
  assert_ptr_equal(ACTX_UNWRAP_FN(typed), typed);
  assert_int_equal(actx_unbind((actx_fn)plain), 0);
}

int main(void) {
  int rc = bind_test_mdwe();
  if (rc)
    return rc;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(null_stays_null_in_stub_forms),
      cmocka_unit_test(null_stays_null_in_box_forms),
      cmocka_unit_test(null_keyed_keeps_previous),
      cmocka_unit_test(null_close_still_releases),
      cmocka_unit_test(unwrap_maps_stubs_back),
  };
  return cmocka_run_group_tests(tests, storage_setup, storage_teardown);
}
