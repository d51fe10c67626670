#line 1 "struct_field.c"
/* Callbacks read from struct fields, through a pointer and directly. */
#include <fake_uv.h>

struct conn {
  uv_timer_t timer;
  uv_timer_cb on_timeout;
};

struct table { uv_close_cb close; };

#include <actx.h>
#line 11 "struct_field.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 1, void, (uv_timer_t *actx__a0)); ACTX_THUNK_R_DECL(actx_thunk_2, 1, void, (uv_handle_t *actx__a0)); ACTX_CLOSE_FN_DECL(actx_thunk_3, (uv_handle_t *actx__a0)); void arm(struct conn *c, struct table tab) {
  uv_timer_start(&c->timer, ACTX_KEYED_T(actx_thunk_1, c->on_timeout, &c->timer, "timer"), 5000, 0);
  uv_close((uv_handle_t *)&c->timer, ACTX_CLOSE_T(actx_thunk_2, actx_thunk_3, tab.close, (uv_handle_t *)&c->timer));
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 12 "struct_field.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (uv_timer_t *actx__a0), (actx__a0))
#line 13 "struct_field.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_2, (uv_handle_t *actx__a0), (actx__a0))
#line 13 "struct_field.c"
ACTX_CLOSE_FN(actx_thunk_3, (uv_handle_t *actx__a0), (actx__a0))
