/* An object-like macro naming the callback is wrapped as written. */
#include <fake_uv.h>

static void on_timer(uv_timer_t *h) { (void)h; }
#define TIMER_CALLBACK on_timer
#define TIMER_HANDLE (&global_timer)

static uv_timer_t global_timer;

void arm(void) {
  uv_timer_start(TIMER_HANDLE, TIMER_CALLBACK, 1, 0);
}
