#line 1 "line_directive.c"
/* Generated code with its own #line: the inserted #line after the include
 * keeps the generator's file name and numbering. */
#include <fake_uv.h>
#line 40 "parser.y"
static void on_timer(uv_timer_t *h) { (void)h; }

#include <actx.h>
#line 42 "parser.y"
ACTX_THUNK_R_DECL(actx_thunk_1, 1, void, (uv_timer_t *actx__a0)); int go(uv_timer_t *t) {
  return uv_timer_start(t, ACTX_KEYED_T(actx_thunk_1, on_timer, t, "timer"), 1, 0);
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 43 "parser.y"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (uv_timer_t *actx__a0), (actx__a0))
