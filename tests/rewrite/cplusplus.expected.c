#line 1 "cplusplus.c"
/* Compiled as C++ (cplusplus.cflags: -x c++): the thunk macros are C only,
 * so every callback gets a signature-agnostic stub, never a box or a typed
 * thunk. */
#include <fake_pthread.h>
#include <fake_uv.h>

static void *worker(void *arg) { return arg; }
static void on_timer(uv_timer_t *h) { (void)h; }

#include <actx.h>
#line 10 "cplusplus.c"
int go(pthread_t *th, uv_timer_t *t) {
  uv_timer_start(t, ACTX_KEYED(on_timer, t, "timer"), 1, 0);
  return pthread_create(th, nullptr, ACTX_ONCE(worker), t);
}
