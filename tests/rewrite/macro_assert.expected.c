#line 1 "macro_assert.c"
/* A call inside the user's ASSERT macro: the argument is spelled in this
 * file, so it is wrapped where it is written (the stringified text in the
 * assertion message changes too -- harmless). */
#include <fake_uv.h>

void fail(const char *expr);
#define ASSERT(expr)                                                          \
  do {                                                                        \
    if (!(expr))                                                              \
      fail(#expr);                                                            \
  } while (0)

static void on_timer(uv_timer_t *h) { (void)h; }

#include <actx.h>
#line 15 "macro_assert.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 1, void, (uv_timer_t *actx__a0)); void arm(uv_timer_t *t) {
  ASSERT(0 == uv_timer_start(t, ACTX_KEYED_T(actx_thunk_1, on_timer, t, "timer"), 1, 0));
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 16 "macro_assert.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (uv_timer_t *actx__a0), (actx__a0))
