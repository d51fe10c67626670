/* test-inline-get.c -- ACTX_INLINE_GET: the header-inline actx_storage_get()
 * agrees with the library's in every state a frame can be in (ALS-DEFAULT-1 of
 * docs/conformance.md included). */
#define ACTX_INLINE_GET
#include "test.h"

#include <pthread.h>

/* `(actx_storage_get)(s)` calls the library; `actx_storage_get(s)` is inline. */
#define BOTH_EQUAL(s, want)                          \
  do {                                               \
    assert_ptr_equal(actx_storage_get(s), (want));   \
    assert_ptr_equal((actx_storage_get)(s), (want)); \
  } while (0)

static actx_storage *A, *B, *D;

static void *check_inside(void *arg) {
  BOTH_EQUAL(A, arg);
  BOTH_EQUAL(B, NULL);
  BOTH_EQUAL(D, PTR(99)); /* default */
  return NULL;
}
static void *check_exit(void *arg) {
  (void)arg;
  BOTH_EQUAL(A, NULL); /* explicit absent, not the default */
  return NULL;
}
static void *check_d_absent(void *arg) {
  (void)arg;
  BOTH_EQUAL(D, NULL);
  return NULL;
}
static void *nested(void *arg) {
  (void)arg;
  actx_storage_exit(A, check_exit, NULL);
  actx_storage_exit(D, check_d_absent, NULL);
  return NULL;
}
static void *take_snapshot(void *arg) {
  (void)arg;
  return actx_snapshot();
}
static void *on_thread(void *arg) {
  (void)arg;
  BOTH_EQUAL(A, NULL);
  return actx_storage_run(A, PTR(5), check_inside, PTR(5));
}

static void inline_get_matches_library(void **state) {
  (void)state;
  A = actx_storage_new(NULL);
  B = actx_storage_new(NULL);
  D = actx_storage_new(&(actx_storage_options){.default_value = PTR(99)});
  BOTH_EQUAL(NULL, NULL);
  BOTH_EQUAL(A, NULL);
  BOTH_EQUAL(D, PTR(99));
  actx_storage_run(A, PTR(1), check_inside, PTR(1));
  actx_storage_run(A, PTR(2), nested, NULL);

  /* A disabled storage reads as absent (the default). */
  actx_frame *f = actx_storage_run(D, PTR(7), take_snapshot, NULL);
  actx_storage_disable(D);
  BOTH_EQUAL(D, PTR(99));
  actx_frame_release(f);

  /* A freed storage's slot reused by a new one: old entries stay invisible. */
  actx_storage_enter_with(B, PTR(3));
  BOTH_EQUAL(B, PTR(3));
  actx_storage_free(B);
  B = actx_storage_new(NULL);
  BOTH_EQUAL(B, NULL);

  pthread_t th;
  assert_int_equal(pthread_create(&th, NULL, on_thread, NULL), 0);
  pthread_join(th, NULL);
  actx_storage_enter_with(A, NULL);
  actx_storage_free(A);
  actx_storage_free(B);
  actx_storage_free(D);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(inline_get_matches_library)};
  return cmocka_run_group_tests_name("inline-get", tests, NULL, NULL);
}
