#line 1 "address_of.c"
/* A callback passed as &fn. */
#include <fake_uv.h>

static void on_idle(uv_idle_t *handle) { (void)handle; }

#include <actx.h>
#line 6 "address_of.c"
int start(uv_idle_t *idle) {
  return uv_idle_start(idle, ACTX_KEYED(&on_idle, idle, "idle"));
}
