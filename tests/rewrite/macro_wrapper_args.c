/* A user macro passing its arguments on: both the callback and the key are
 * spelled in the macro's arguments, so the edit happens there. */
#include <fake_uv.h>

#define ARM_TIMER(handle, cb, ms) uv_timer_start((handle), (cb), (ms), 0)

static void on_timer(uv_timer_t *h) { (void)h; }

void arm(uv_timer_t *t) {
  ARM_TIMER(t, on_timer, 100);
}
