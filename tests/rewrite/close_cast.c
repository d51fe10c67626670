/* uv_close with a cast handle and a cast callback: the close binding keeps
 * both casts (the key is the handle as written). */
#include <fake_uv.h>

static void on_closed(void *handle) { (void)handle; }

void stop(uv_timer_t *t) {
  uv_close((uv_handle_t *)t, (uv_close_cb)on_closed);
}
