/* test-backtrace.c -- registration sites and async backtraces
 * (docs/conformance.md OBS-SITE-1..3). */
#include "bind-common.h"
#include "test.h"

#include "actx_bind.h"

#include <stdlib.h>

/* Three levels: `outer` registers `middle`, which registers `inner`; each
 * binding is made by a binding macro on a line recorded here. */
static int line_outer, line_middle, line_inner;
static const actx_site *seen[ACTX_BACKTRACE_DEPTH + 1];
static size_t seen_n;
static char seen_text[2048];

static void inner(void) {
  seen_n = actx_async_backtrace(seen, ACTX_BACKTRACE_DEPTH + 1);
  actx_async_backtrace_format(seen_text, sizeof seen_text);
}

static void (*pending)(void);

static void middle(void) {
  line_inner = __LINE__ + 1;
  pending = ACTX_ONCE(inner);
}

static void outer(void) {
  line_middle = __LINE__ + 1;
  void (*m)(void) = ACTX_ONCE(middle);
  m(); /* registers inner from inside middle's bound call */
}

/* OBS-SITE-1, OBS-SITE-2: the running callback's site comes first, then the
 * sites of the callbacks that were running when each was registered. */
static void three_levels(void **state) {
  (void)state;
  line_outer = __LINE__ + 1;
  void (*o)(void) = ACTX_ONCE(outer);
  o();
  pending();
  assert_int_equal(seen_n, 3);
  assert_string_equal(seen[0]->callback, "inner");
  assert_int_equal(seen[0]->line, line_inner);
  assert_string_equal(seen[0]->function, "middle");
  assert_non_null(strstr(seen[0]->file, "test-backtrace.c"));
  assert_string_equal(seen[1]->callback, "middle");
  assert_int_equal(seen[1]->line, line_middle);
  assert_string_equal(seen[1]->function, "outer");
  assert_string_equal(seen[2]->callback, "outer");
  assert_int_equal(seen[2]->line, line_outer);
  assert_string_equal(seen[2]->function, "three_levels");
  char want[256];
  snprintf(want, sizeof want, "  #0 %s:%d in middle: inner registered\n", seen[0]->file,
           line_inner);
  assert_non_null(strstr(seen_text, want));
  assert_non_null(strstr(seen_text, "  #2 "));
  assert_int_equal(actx_live_resources(), 0);
}

/* Outside a bound callback there is no chain; the text says so, and the
 * formatter behaves like snprintf with a short buffer. */
static void outside_and_truncated(void **state) {
  (void)state;
  const actx_site *s[2];
  assert_int_equal(actx_async_backtrace(s, 2), 0);
  char buf[8];
  size_t need = actx_async_backtrace_format(buf, sizeof buf);
  assert_true(need > sizeof buf);
  assert_int_equal(strlen(buf), sizeof buf - 1);
  assert_int_equal(actx_async_backtrace_format(NULL, 0), need);
}

/* actx_bind() itself has no site: its level is NULL, the levels above it
 * are still known. */
static void bind_without_site(void **state) {
  (void)state;
  line_inner = 0;
  void (*plain)(void) = (void (*)(void))actx_bind((actx_fn)inner, "inner");
  plain();
  assert_int_equal(seen_n, 0); /* a NULL site and nothing above: an empty chain */
  actx_unbind((actx_fn)plain);
}

/* OBS-SITE-3: calling a released binding names where it was registered. */
static int stale_line;
static void child_stale(void *arg) {
  (void)arg;
  stale_line = __LINE__ + 1;
  void (*f)(void) = ACTX_BIND(inner);
  actx_unbind((actx_fn)f);
  f();
}
static void stale_call_names_its_site(void **state) {
  (void)state;
  char needle[128];
  /* the child's line is the same as ours: computed from the source */
  snprintf(needle, sizeof needle, "test-backtrace.c:%d in child_stale: inner registered",
           (int)(__LINE__ - 9));
  expect_child(child_stale, NULL, 1, needle);
}

/* OBS-SITE-3: any fatal error inside a bound callback prints the chain. */
static void misuse_inside(void) {
  actx_resource *r = actx_resource_new("r", NULL);
  actx_resource_release(r);
  actx_resource_release(r); /* released twice: fatal */
}
static void child_fatal_inside(void *arg) {
  (void)arg;
  void (*f)(void) = ACTX_ONCE(misuse_inside);
  f();
}
static void fatal_prints_the_chain(void **state) {
  (void)state;
  /* The second release reads the poisoned resource: valgrind reports it. */
  expect_child_or(child_fatal_inside, NULL, 1, bind_test_under_valgrind() ? 99 : TEST_NO_STATUS,
                  "in child_fatal_inside: misuse_inside registered");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(three_levels),           cmocka_unit_test(outside_and_truncated),
      cmocka_unit_test(bind_without_site),      cmocka_unit_test(stale_call_names_its_site),
      cmocka_unit_test(fatal_prints_the_chain),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
