#line 1 "address_of.c"
/* A callback passed as &fn. */
#include <fake_uv.h>

static void on_idle(uv_idle_t *handle) { (void)handle; }

#include <actx.h>
#line 6 "address_of.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 1, void, (uv_idle_t *actx__a0)); int start(uv_idle_t *idle) {
  return uv_idle_start(idle, ACTX_KEYED_T(actx_thunk_1, &on_idle, idle, "idle"));
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 7 "address_of.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (uv_idle_t *actx__a0), (actx__a0))
