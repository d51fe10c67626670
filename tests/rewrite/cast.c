/* A callback cast to the API's typedef (typed thunk), and a cast that changes
 * the type (signature-agnostic stub: cast_generic.c). */
#include <fake_uv.h>

static void on_timer(uv_timer_t *handle) { (void)handle; }
static void on_any(void *p) { (void)p; }

int start(uv_timer_t *t) {
  uv_timer_start(t, (uv_timer_cb)on_timer, 1, 0);
  return uv_timer_start(t, (uv_timer_cb)(void (*)(void *))on_any, 1, 0);
}
