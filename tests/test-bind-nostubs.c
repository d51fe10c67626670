/* test-bind-nostubs.c -- the boxing-only library, which architectures without
 * stub code get (built here with -DACTX_NO_STUBS): actx_bind* fail with
 * ENOTSUP, the stub macros fall back to the unbound function and count it,
 * boxes keep working. */
#include "bind-common.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

static actx_storage *S;

static int cb(void *data, int x) {
  return (actx_storage_get(S) == data) * 100 + x;
}
ACTX_BOX_THUNK(cb_thunk, int, (void *ud, int x), (ud, x), 0)
ACTX_THUNK(cb_typed, int, (void *ud, int x), (ud, x))

static void stubs_unsupported_boxes_work(void **state) {
  (void)state;
  static int store;
  actx_storage_enter_with(S, &store);
  errno = 0;
  assert_null(actx_bind((actx_fn)cb, "x"));
  assert_int_equal(errno, ENOTSUP);
  actx_resource *r = actx_resource_new("R", NULL);
  errno = 0;
  assert_null(actx_resource_bind(r, (actx_fn)cb));
  assert_int_equal(errno, ENOTSUP);
  actx_resource_release(r);
  size_t fails = actx_bind_failures();
  int (*m)(void *, int) = ACTX_ONCE(cb);
  int (*t)(void *, int) = ACTX_BIND_T(cb_typed, cb);
  assert_ptr_equal(m, cb);
  assert_ptr_equal(t, cb);
  assert_int_equal(actx_bind_failures(), fails + 2);
  void *box = ACTX_BOX_ONCE(cb, &store);
  actx_storage_enter_with(S, NULL);
  assert_int_equal(ACTX_BOXED(cb_thunk, cb)(box, 1), 101);
  assert_int_equal(actx_unbind((actx_fn)cb), ACTX_EINVAL);
}

/* What getters hand back is the program's own function here already; NULL
 * callbacks stay NULL, boxed or not. */
static void unwrap_and_null_without_stubs(void **state) {
  (void)state;
  int (*m)(void *, int) = ACTX_ONCE(cb);
  assert_ptr_equal(ACTX_UNWRAP_FN(m), cb);
  assert_null(actx_unwrap_fn(NULL));
  int (*none)(void *, int) = NULL;
  static int data;
  assert_null(ACTX_ONCE(none));
  assert_null(ACTX_BOXED(cb_thunk, none));
  assert_ptr_equal(ACTX_BOX_ONCE(none, &data), &data);
}

int main(void) {
  S = actx_storage_new(NULL);
  const struct CMUnitTest tests[] = {cmocka_unit_test(stubs_unsupported_boxes_work),
                                     cmocka_unit_test(unwrap_and_null_without_stubs)};
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  actx_storage_free(S);
  return rc;
}
