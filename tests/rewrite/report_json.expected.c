#line 1 "report_json.c"
/* The --report JSON: every site with its decision (golden .expected.json). */
#include <fake_uv.h>
#include <fake_libc.h>

static void on_timer(uv_timer_t *h) { (void)h; }
static int cmp(const void *a, const void *b) { (void)a; (void)b; return 0; }
static void local(void (*f)(void)) { (void)f; }
static void nothing(void) {}

#include <actx.h>
#line 10 "report_json.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 1, void, (uv_timer_t *actx__a0)); ACTX_THUNK_R_DECL(actx_thunk_2, 1, void, (uv_handle_t *actx__a0)); ACTX_CLOSE_FN_DECL(actx_thunk_3, (uv_handle_t *actx__a0)); void go(uv_timer_t *t, int *v, uv_loop_t *loop, uv_fs_t *req) {
  uv_timer_start(t, ACTX_KEYED_T(actx_thunk_1, on_timer, t, "timer"), 1, 0);
  qsort(v, 2, sizeof *v, cmp);
  local(nothing);
  uv_fs_close(loop, req, 3, NULL);
  uv_close((uv_handle_t *)t, ACTX_CLOSE_T(actx_thunk_2, actx_thunk_3, NULL, (uv_handle_t *)t));
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 11 "report_json.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (uv_timer_t *actx__a0), (actx__a0))
#line 15 "report_json.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_2, (uv_handle_t *actx__a0), (actx__a0))
#line 15 "report_json.c"
ACTX_CLOSE_FN(actx_thunk_3, (uv_handle_t *actx__a0), (actx__a0))
