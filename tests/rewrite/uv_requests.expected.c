#line 1 "uv_requests.c"
/* Request callbacks run once: write, connect, fs, work queue (two callbacks). */
#include <fake_uv.h>

static void on_write(uv_write_t *req, int status) { (void)req; (void)status; }
static void on_connect(uv_connect_t *req, int status) { (void)req; (void)status; }
static void on_open(uv_fs_t *req) { (void)req; }
static void work(uv_work_t *req) { (void)req; }
static void after_work(uv_work_t *req, int status) { (void)req; (void)status; }

#include <actx.h>
#line 10 "uv_requests.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 2, void, (uv_write_t *actx__a0, int actx__a1)); ACTX_THUNK_R_DECL(actx_thunk_2, 2, void, (uv_connect_t *actx__a0, int actx__a1)); ACTX_THUNK_R_DECL(actx_thunk_3, 1, void, (uv_fs_t *actx__a0)); ACTX_THUNK_R_DECL(actx_thunk_4, 1, void, (uv_work_t *actx__a0)); ACTX_THUNK_R_DECL(actx_thunk_5, 2, void, (uv_work_t *actx__a0, int actx__a1)); void go(uv_loop_t *loop, uv_stream_t *s, uv_tcp_t *tcp, const struct sockaddr *addr) {
  static uv_write_t w;
  static uv_connect_t c;
  static uv_fs_t f;
  static uv_work_t q;
  uv_buf_t buf = {"x", 1};
  uv_write(&w, s, &buf, 1, ACTX_ONCE_T(actx_thunk_1, on_write));
  uv_tcp_connect(&c, tcp, addr, ACTX_ONCE_T(actx_thunk_2, on_connect));
  uv_fs_open(loop, &f, "/tmp/x", 0, 0, ACTX_ONCE_T(actx_thunk_3, on_open));
  uv_queue_work(loop, &q, ACTX_ONCE_T(actx_thunk_4, work), ACTX_ONCE_T(actx_thunk_5, after_work));
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 16 "uv_requests.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (uv_write_t *actx__a0, int actx__a1), (actx__a0, actx__a1))
#line 17 "uv_requests.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_2, (uv_connect_t *actx__a0, int actx__a1), (actx__a0, actx__a1))
#line 18 "uv_requests.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_3, (uv_fs_t *actx__a0), (actx__a0))
#line 19 "uv_requests.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_4, (uv_work_t *actx__a0), (actx__a0))
#line 19 "uv_requests.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_5, (uv_work_t *actx__a0, int actx__a1), (actx__a0, actx__a1))
