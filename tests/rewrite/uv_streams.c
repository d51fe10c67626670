/* uv_read_start registers two keyed callbacks on one handle (two slots);
 * uv_listen and uv_async_init (key is argument 1) are keyed too. */
#include <fake_uv.h>

static void on_alloc(uv_handle_t *h, __SIZE_TYPE__ n, uv_buf_t *b) { (void)h; (void)n; (void)b; }
static void on_read(uv_stream_t *s, long n, const uv_buf_t *b) { (void)s; (void)n; (void)b; }
static void on_conn(uv_stream_t *s, int status) { (void)s; (void)status; }
static void on_wake(uv_async_t *a) { (void)a; }

void serve(uv_loop_t *loop, uv_stream_t *server, uv_stream_t *client, uv_async_t *async) {
  uv_listen(server, 128, on_conn);
  uv_read_start(client, on_alloc, on_read);
  uv_async_init(loop, async, on_wake);
}
