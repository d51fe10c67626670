/* A keyed registration on a NULL handle fails with EINVAL (libuv's own tests
 * do this): no binding is made, it could only leak. */
#include <fake_uv.h>

static void on_alloc(uv_handle_t *h, __SIZE_TYPE__ n, uv_buf_t *b) { (void)h; (void)n; (void)b; }
static void on_read(uv_stream_t *s, long n, const uv_buf_t *b) { (void)s; (void)n; (void)b; }

int misuse(void) {
  return uv_read_start(NULL, on_alloc, on_read);
}
