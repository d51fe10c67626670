/* Generated code with its own #line: the inserted #line after the include
 * keeps the generator's file name and numbering. */
#include <fake_uv.h>
#line 40 "parser.y"
static void on_timer(uv_timer_t *h) { (void)h; }

int go(uv_timer_t *t) {
  return uv_timer_start(t, on_timer, 1, 0);
}
