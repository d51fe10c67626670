#line 1 "cast.c"
/* A callback cast to the API's typedef (typed thunk), and a cast that changes
 * the type (signature-agnostic stub: cast_generic.c). */
#include <fake_uv.h>

static void on_timer(uv_timer_t *handle) { (void)handle; }
static void on_any(void *p) { (void)p; }

#include <actx.h>
#line 8 "cast.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 1, void, (uv_timer_t *actx__a0)); int start(uv_timer_t *t) {
  uv_timer_start(t, ACTX_KEYED_T(actx_thunk_1, (uv_timer_cb)on_timer, t, "timer"), 1, 0);
  return uv_timer_start(t, ACTX_KEYED((uv_timer_cb)(void (*)(void *))on_any, t, "timer"), 1, 0);
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 9 "cast.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (uv_timer_t *actx__a0), (actx__a0))
