/* Hand-written bindings are recognised: an ACTX_* macro anywhere at the head
 * of the argument, or a cast of actx_bind(). */
#include <fake_uv.h>
#include <actx.h>

static void on_timer(uv_timer_t *h) { (void)h; }

void go(uv_timer_t *t, uv_timer_t *u) {
  uv_timer_start(t, (uv_timer_cb)actx_bind((actx_fn)on_timer, "timer"), 1, 0);
  uv_timer_start(u, ACTX_FOREVER(on_timer), 1, 0);
}
