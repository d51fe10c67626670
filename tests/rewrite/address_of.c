/* A callback passed as &fn. */
#include <fake_uv.h>

static void on_idle(uv_idle_t *handle) { (void)handle; }

int start(uv_idle_t *idle) {
  return uv_idle_start(idle, &on_idle);
}
