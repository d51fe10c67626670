#line 1 "close_cast.c"
/* uv_close with a cast handle and a callback cast to another function type:
 * no typed close helper for a cast callback (the API may call it with its
 * real signature), so the fallback: the agnostic once stub, and the release
 * statement keyed by the handle as written. */
#include <fake_uv.h>

static void on_closed(void *handle) { (void)handle; }

#include <actx.h>
#line 9 "close_cast.c"
void stop(uv_timer_t *t) {
  uv_close((uv_handle_t *)t, ACTX_ONCE((uv_close_cb)on_closed)); actx_release_key((uv_handle_t *)t);
}
