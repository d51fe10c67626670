/* A handle expression with side effects cannot be repeated in a release
 * statement or a keyed binding: reported, not edited. */
#include <fake_uv.h>

static void on_timer(uv_timer_t *h) { (void)h; }
static uv_timer_t *next_timer(void) { static uv_timer_t t; return &t; }

void close_all(uv_handle_t **handles, int n) {
  int i = 0;
  while (i < n)
    uv_close(handles[i++], NULL);
  uv_timer_start(next_timer(), on_timer, 1, 0);
}
