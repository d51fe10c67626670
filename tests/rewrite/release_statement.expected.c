#line 1 "release_statement.c"
/* After uv_close the handle's keyed bindings are released: a statement on
 * the same line, or braces when the call is the body of an if. */
#include <fake_uv.h>

static void on_closed(uv_handle_t *h) { (void)h; }

#include <actx.h>
#line 7 "release_statement.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 1, void, (uv_handle_t *a0)); void shutdown_timer(uv_timer_t *t, int quiet) {
  if (quiet)
    { uv_close((uv_handle_t *)t, NULL); actx_release_key((uv_handle_t *)t); }
  else
    { uv_close((uv_handle_t *)t, ACTX_ONCE_T(actx_thunk_1, on_closed)); actx_release_key((uv_handle_t *)t); }
  switch (quiet) {
  case 2: uv_close((uv_handle_t *)t, NULL); actx_release_key((uv_handle_t *)t); break;
  default: break;
  }
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
ACTX_THUNK_R_BODY(actx_thunk_1, void, (uv_handle_t *a0), (a0))
