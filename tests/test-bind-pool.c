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

static void *get_s(void) {
  return actx_storage_get(S);
}

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
  if (f)
    fclose(f);
  return n;
}

/* The permissions of the mapping holding `addr`, e.g. "r-xp"; "" if none. */
static const char *perms_of(const void *addr, char out[8]) {
  FILE *f = fopen("/proc/self/maps", "r");
  char line[512];
  unsigned long lo, hi, a = (unsigned long)addr;
  out[0] = 0;
  while (f && fgets(line, sizeof line, f))
    if (sscanf(line, "%lx-%lx %7s", &lo, &hi, out) == 3 && a >= lo && a < hi)
      break;
    else
      out[0] = 0;
  if (f)
    fclose(f);
  return out;
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
  /* Stub code is read+execute; its slots, one page further, read+write. */
  char pm[8];
  for (int i = 0; i < N; i += 97) {
    assert_string_equal(perms_of((void *)bound[i], pm), "r-xp");
    assert_string_equal(perms_of((char *)(void *)bound[i] + 4096, pm), "rw-p");
  }
  /* valgrind's own translation cache is W+X: skip the global check there. */
  if (!bind_test_under_valgrind())
    assert_int_equal(wx_mappings(), 0);
  /* Not a stub: inside a stub page but misaligned, or elsewhere. */
  assert_null(actx__stub_slot((actx_fn)(void *)((char *)(void *)bound[0] + 1)));
  assert_int_equal(actx_unbind((actx_fn)(void *)((char *)(void *)bound[0] + 1)), ACTX_EINVAL);
}

/* The name of the mapping holding `addr` (last column of /proc/self/maps). */
static void mapping_name(const void *addr, char *out, size_t n) {
  FILE *f = fopen("/proc/self/maps", "r");
  char line[512];
  unsigned long lo, hi, a = (unsigned long)addr;
  out[0] = 0;
  while (f && fgets(line, sizeof line, f)) {
    int pos = 0;
    if (sscanf(line, "%lx-%lx %*s %*s %*s %*s %n", &lo, &hi, &pos) >= 2 && a >= lo && a < hi) {
      snprintf(out, n, "%s", line + pos);
      break;
    }
  }
  if (f)
    fclose(f);
}

#define M 300
static void stub_pages_from_memfd(void **state) {
  (void)state;
  actx__test_stub_force_memfd(true);
  unsigned pages = actx__stub_pages();
  void *(*b[M])(void);
  for (int i = 0; i < M; i++) {
    actx_storage_enter_with(S, &stores[i]);
    b[i] = ACTX_BIND(get_s);
    assert_non_null(b[i]);
  }
  actx_storage_enter_with(S, NULL);
  assert_true(actx__stub_pages() > pages);
  for (int i = 0; i < M; i++)
    assert_ptr_equal(b[i](), &stores[i]);
  char pm[8], name[256];
  mapping_name((void *)b[M - 1], name, sizeof name);
  assert_non_null(strstr(name, "memfd:actx-stubs"));
  assert_string_equal(perms_of((void *)b[M - 1], pm), "r-xp");
  for (int i = 0; i < M; i++)
    assert_int_equal(actx_unbind((actx_fn)b[i]), 0);
  actx__test_stub_force_memfd(false);
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
  /* BIND-MISUSE-3: a released stub is quarantined, even when that leaves no
   * other stub to hand out: it is reused only once 64 others were released
   * after it (docs/binding.md).  Stubs released before it may go first. */
  assert_int_equal(actx_unbind((actx_fn)bound[7]), 0);
  for (;;) {
    errno = 0;
    actx_fn b = actx_bind((actx_fn)get_s, "x");
    if (!b) {
      assert_int_equal(errno, ENOMEM);
      break;
    }
    assert_true(b != (actx_fn)bound[7]);
    extra[made++] = (void *(*)(void))b;
    assert_true(made < 2048);
  }
  int released = 0;
  for (int i = 0; i < N && released < 64; i++)
    if (i != 7) {
      assert_int_equal(actx_unbind((actx_fn)bound[i]), 0);
      bound[i] = NULL;
      released++;
    }
  /* Now it may come back, and calls reach only its new binding. */
  void *(*again)(void) = NULL;
  actx_storage_enter_with(S, &stores[7]);
  for (;;) {
    again = ACTX_BIND(get_s);
    assert_true(again != get_s); /* found before the pool runs dry */
    if (again == bound[7])
      break;
    extra[made++] = again;
  }
  actx_storage_enter_with(S, NULL);
  assert_ptr_equal(again(), &stores[7]);
  for (int i = 0; i < made; i++)
    assert_int_equal(actx_unbind((actx_fn)extra[i]), 0);
  for (int i = 0; i < N; i++)
    if (bound[i])
      assert_int_equal(actx_unbind((actx_fn)bound[i]), 0);
  assert_int_equal(actx_live_resources(), 0);
}

int main(void) {
  int rc = bind_test_mdwe();
  if (rc)
    return rc;
  S = actx_storage_new(NULL);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(stub_pages_from_own_file),
      cmocka_unit_test(stub_pages_from_memfd),
      cmocka_unit_test(exhausted_pool_is_enomem),
  };
  rc = cmocka_run_group_tests(tests, NULL, NULL);
  actx_storage_free(S);
  return rc;
}
