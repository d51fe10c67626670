/* Thunk parameters must not shadow the file's own names (-Wshadow): a file
 * with globals a0, a1 (register names in an emulator...) gets thunks whose
 * parameters are named in actx's reserved actx__ prefix. */
#include <fake_pthread.h>
#include <fake_uv.h>

int a0, a1;
int start(uv_timer_t *timer, pthread_t *t, void *arg);

static void on_closed(uv_handle_t *h) { a1 += h != NULL; }
static void on_timer(uv_timer_t *t) { uv_close((uv_handle_t *)t, on_closed); }
static void *worker(void *arg) {
  a0++;
  return arg;
}

int start(uv_timer_t *timer, pthread_t *t, void *arg) {
  int r = uv_timer_start(timer, on_timer, 1, 0);
  return r + pthread_create(t, NULL, worker, arg);
}
