/* After uv_close the handle's keyed bindings are released: a statement on
 * the same line, or braces when the call is the body of an if. */
#include <fake_uv.h>

static void on_closed(uv_handle_t *h) { (void)h; }

void shutdown_timer(uv_timer_t *t, int quiet) {
  if (quiet)
    uv_close((uv_handle_t *)t, NULL);
  else
    uv_close((uv_handle_t *)t, on_closed);
  switch (quiet) {
  case 2: uv_close((uv_handle_t *)t, NULL); break;
  default: break;
  }
}
