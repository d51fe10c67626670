/* NULL callbacks are left alone: the synchronous form of uv_fs_* calls, a
 * cast NULL and a literal 0; but uv_close's NULL gets a close binding, the
 * point where the handle's bindings are released. */
#include <fake_uv.h>

void sync_io(uv_loop_t *loop, uv_fs_t *req, uv_timer_t *t) {
  uv_fs_open(loop, req, "/tmp/x", 0, 0, NULL);
  uv_fs_close(loop, req, 3, (uv_fs_cb)NULL);
  uv_timer_start(t, 0, 1, 0);
  uv_close((uv_handle_t *)t, NULL);
}
