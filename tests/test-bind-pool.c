/* test-bind-pool.c -- the stub pool: stub pages mapped from the library's own
 * file once the static pool is used up, no writable+executable mapping ever,
 * and a clean ENOMEM (and the macros' unbound fallback) when nothing is left.
 * White-box: lowers the pool's limits through actx__test_stub_limits(). */
#include "bind-common.h"

#include <errno.h>
#include <stdint.h>
#include <stddef.h>
#include <setjmp.h>

#include <cmocka.h>

#include "stubs.h"

static actx_storage *S;

static void *get_s(void) { return actx_storage_get(S); }

/* Nonzero when some mapping of this process is writable and executable. */
static int wx_mappings(void) {
  FILE *f = fopen("/proc/self/maps", "r");
  char line[512];
  int n = 0;
  while (f && fgets(line, sizeof line, f)) {
    char perms[8] = {0};
    if (sscanf(line, "%*s %7s", perms) == 1 && perms[1] == 'w' && perms[2] == 'x') {
      fprintf(stderr, "W+X mapping: %s", line);
      n++;
    }
  }
  if (f) fclose(f);
  return n;
}

#define N 1000
static void *(*bound[N])(void);
static long stores[N];

static void stub_pages_from_own_file(void **state) {
  (void)state;
  actx__test_stub_limits(0, -1); /* no static stubs: pages only */
  for (int i = 0; i < N; i++) {
    actx_storage_enter_with(S, &stores[i]);
    bound[i] = ACTX_BIND(get_s);
    assert_non_null(bound[i]);
  }
  actx_storage_enter_with(S, NULL);
  assert_true(actx__stub_pages() >= N / 256);
  for (int i = 0; i < N; i++) {
    assert_ptr_equal(bound[i](), &stores[i]);
    assert_non_null(actx__stub_slot((actx_fn)bound[i]));
  }
  assert_int_equal(wx_mappings(), 0);
  /* Not a stub: inside a stub page but misaligned, or elsewhere. */
  assert_null(actx__stub_slot((actx_fn)(void *)((char *)(void *)bound[0] + 1)));
  assert_int_equal(actx_unbind((actx_fn)(void *)((char *)(void *)bound[0] + 1)), ACTX_EINVAL);
}

static void exhausted_pool_is_enomem(void **state) {
  (void)state;
  actx__test_stub_limits(0, actx__stub_pages()); /* no more pages either */
  size_t fails = actx_bind_failures();
  int made = 0;
  void *(*extra[2048])(void);
  for (;;) {
    errno = 0;
    actx_fn b = actx_bind((actx_fn)get_s, "x");
    if (!b) {
      assert_int_equal(errno, ENOMEM);
      break;
    }
    extra[made++] = (void *(*)(void))b;
    assert_true(made < 2048);
  }
  /* the macros fall back to the unbound function and count it */
  void *(*fb)(void) = ACTX_BIND(get_s);
  assert_ptr_equal(fb, get_s);
  assert_int_equal(actx_bind_failures(), fails + 1);
  /* released stubs are reused */
  assert_int_equal(actx_unbind((actx_fn)bound[7]), 0);
  actx_storage_enter_with(S, &stores[7]);
  void *(*again)(void) = ACTX_BIND(get_s);
  actx_storage_enter_with(S, NULL);
  assert_ptr_equal(again, bound[7]);
  assert_ptr_equal(again(), &stores[7]);
  for (int i = 0; i < made; i++) assert_int_equal(actx_unbind((actx_fn)extra[i]), 0);
  for (int i = 0; i < N; i++) assert_int_equal(actx_unbind((actx_fn)bound[i]), 0);
  assert_int_equal(actx_live_resources(), 0);
}

int main(void) {
  int rc = bind_test_mdwe();
  if (rc) return rc;
  S = actx_storage_new(NULL);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(stub_pages_from_own_file),
      cmocka_unit_test(exhausted_pool_is_enomem),
  };
  rc = cmocka_run_group_tests(tests, NULL, NULL);
  actx_storage_free(S);
  return rc;
}
