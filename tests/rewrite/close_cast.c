/* uv_close with a cast handle and a cast callback: the callback is bound
 * once and the handle's keyed bindings are released after the call. */
#include <fake_uv.h>

static void on_closed(void *handle) { (void)handle; }

void stop(uv_timer_t *t) {
  uv_close((uv_handle_t *)t, (uv_close_cb)on_closed);
}
