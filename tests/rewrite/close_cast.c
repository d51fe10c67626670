/* uv_close with a cast handle and a callback cast to another function type:
 * no typed close helper for a cast callback (the API may call it with its
 * real signature), so the fallback: the agnostic once stub, and the release
 * statement keyed by the handle as written. */
#include <fake_uv.h>

static void on_closed(void *handle) { (void)handle; }

void stop(uv_timer_t *t) {
  uv_close((uv_handle_t *)t, (uv_close_cb)on_closed);
}
