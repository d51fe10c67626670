#line 1 "uv_streams.c"
/* uv_read_start registers two keyed callbacks on one handle (two slots);
 * uv_listen and uv_async_init (key is argument 1) are keyed too. */
#include <fake_uv.h>

static void on_alloc(uv_handle_t *h, __SIZE_TYPE__ n, uv_buf_t *b) { (void)h; (void)n; (void)b; }
static void on_read(uv_stream_t *s, long n, const uv_buf_t *b) { (void)s; (void)n; (void)b; }
static void on_conn(uv_stream_t *s, int status) { (void)s; (void)status; }
static void on_wake(uv_async_t *a) { (void)a; }

#include <actx.h>
#line 10 "uv_streams.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 2, void, (uv_stream_t *actx__a0, int actx__a1)); ACTX_THUNK_R_DECL(actx_thunk_2, 3, void, (uv_handle_t *actx__a0, unsigned long actx__a1, uv_buf_t *actx__a2)); ACTX_THUNK_R_DECL(actx_thunk_3, 3, void, (uv_stream_t *actx__a0, long actx__a1, const uv_buf_t *actx__a2)); ACTX_THUNK_R_DECL(actx_thunk_4, 1, void, (uv_async_t *actx__a0)); void serve(uv_loop_t *loop, uv_stream_t *server, uv_stream_t *client, uv_async_t *async) {
  uv_listen(server, 128, ACTX_KEYED_T(actx_thunk_1, on_conn, server, "listen"));
  uv_read_start(client, ACTX_KEYED_T(actx_thunk_2, on_alloc, client, "alloc"), ACTX_KEYED_T(actx_thunk_3, on_read, client, "read"));
  uv_async_init(loop, async, ACTX_KEYED_T(actx_thunk_4, on_wake, async, "async"));
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 11 "uv_streams.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (uv_stream_t *actx__a0, int actx__a1), (actx__a0, actx__a1))
#line 12 "uv_streams.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_2, (uv_handle_t *actx__a0, unsigned long actx__a1, uv_buf_t *actx__a2), (actx__a0, actx__a1, actx__a2))
#line 12 "uv_streams.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_3, (uv_stream_t *actx__a0, long actx__a1, const uv_buf_t *actx__a2), (actx__a0, actx__a1, actx__a2))
#line 13 "uv_streams.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_4, (uv_async_t *actx__a0), (actx__a0))
