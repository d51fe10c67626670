/* --check on rewritten code: every site is bound, exit 0. */
#include <fake_uv.h>
#include <actx.h>

static void on_idle(uv_idle_t *h) { (void)h; }

void go(uv_idle_t *i, int *numbers, __SIZE_TYPE__ n) {
  uv_idle_start(i, ACTX_KEYED(on_idle, i, "idle"));
  uv_close((uv_handle_t *)i, NULL); actx_release_key((uv_handle_t *)i);
  (void)numbers; (void)n;
}
