#line 1 "macro_twice_parens.c"
/* A macro that parenthesises its callback argument and uses it twice: the
 * parentheses are looked through, and the double use is still caught. */
#include <fake_uv.h>

#define ARM_TWO(a, b, cb) (uv_timer_start((a), (cb), 1, 0), uv_timer_start((b), (cb), 2, 0))
#define ARM_ONE(a, cb) uv_timer_start((a), (cb), 1, 0)

static void on_timer(uv_timer_t *h) { (void)h; }

#include <actx.h>
#line 10 "macro_twice_parens.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 1, void, (uv_timer_t *actx__a0)); void arm(uv_timer_t *a, uv_timer_t *b) {
  (void)ARM_TWO(a, b, on_timer);
  ARM_ONE(a, ACTX_KEYED_T(actx_thunk_1, on_timer, a, "timer"));
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 12 "macro_twice_parens.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (uv_timer_t *actx__a0), (actx__a0))
