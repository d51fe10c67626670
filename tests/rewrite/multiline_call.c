/* Arguments spread over lines and comments between them: only text is
 * inserted, no line is added or removed. */
#include <fake_uv.h>

static void on_timer(uv_timer_t *h) { (void)h; }

int go(uv_timer_t *t, int fast) {
  return uv_timer_start(t,
                        /* the callback: */ fast
                            ? on_timer
                            : (uv_timer_cb)0,
                        100,
                        0);
}
