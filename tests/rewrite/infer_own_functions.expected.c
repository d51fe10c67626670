#line 1 "infer_own_functions.c"
/* In-project inference (docs/contracts.md, "Inferred contracts"): the
 * file's own functions that take a callback are summarised from their
 * bodies.  Called before returning (directly, through (*fn)(), or by a
 * function that does): sync.  Passed on to an API with a contract: carried
 * inside, wrapped there and not at the callers.  Stored: not inferred, the
 * callers' sites stay findings. */
#include "fake_libc.h"
#include "fake_uv.h"

typedef void (*visit_fn)(int item, void *ctx);
struct task {
  void (*cb)(void *);
  void *arg;
};

static void each_item(const int *items, int n, visit_fn visit, void *ctx) {
  for (int i = 0; i < n; i++)
    if (visit)
      visit(items[i], ctx);
}

static void each_twice(const int *items, int n, visit_fn visit, void *ctx) {
  each_item(items, n, visit, ctx);
  (*visit)(0, ctx);
}

static void sort_ints(int *v, size_t n, int (*cmp)(const void *, const void *)) {
  qsort(v, n, sizeof *v, cmp);
}

#include <actx.h>
#line 31 "infer_own_functions.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 1, void, (uv_timer_t *actx__a0)); static void start_timer(uv_timer_t *h, uv_timer_cb cb, unsigned long long ms) {
  uv_timer_start(h, ACTX_KEYED_T(actx_thunk_1, cb, h, "timer"), ms, 0);
}

static void start_later(uv_timer_t *h, uv_timer_cb cb) {
  start_timer(h, cb, 100);
}

static void later(struct task *t, void (*cb)(void *), void *arg) {
  t->cb = cb;
  t->arg = arg;
}

static void count_down(int n, visit_fn visit) {
  if (n > 0)
    count_down(n - 1, visit);
  visit(n, NULL);
}

static void on_item(int item, void *ctx) {
  (void)item;
  (void)ctx;
}
static int by_value(const void *a, const void *b) {
  return *(const int *)a - *(const int *)b;
}
static void on_timer(uv_timer_t *h) {
  (void)h;
}
static void on_later(void *arg) {
  (void)arg;
}

void go(uv_timer_t *h, struct task *t) {
  int items[3] = {3, 1, 2};
  sort_ints(items, 3, by_value);
  each_twice(items, 3, on_item, NULL);
  start_timer(h, on_timer, 10);
  start_later(h, on_timer);
  later(t, on_later, NULL);
  count_down(3, on_item);
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 32 "infer_own_functions.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (uv_timer_t *actx__a0), (actx__a0))
