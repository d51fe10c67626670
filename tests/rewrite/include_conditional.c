/* The first edited function is inside #ifdef ... #endif and a later one is
 * not: the include goes before the #ifdef, so it does not depend on it. */
#include <fake_uv.h>

static void on_timer(uv_timer_t *h) { (void)h; }
static void on_idle(uv_idle_t *h) { (void)h; }

#ifdef __linux__
/* Platform-specific start. */
int start_linux(uv_timer_t *t) {
  return uv_timer_start(t, on_timer, 1, 0);
}
#endif

int start_idle(uv_idle_t *i) {
  return uv_idle_start(i, on_idle);
}
