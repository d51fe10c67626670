/* A call inside the user's ASSERT macro: the argument is spelled in this
 * file, so it is wrapped where it is written (the stringified text in the
 * assertion message changes too -- harmless). */
#include <fake_uv.h>

void fail(const char *expr);
#define ASSERT(expr)                                                          \
  do {                                                                        \
    if (!(expr))                                                              \
      fail(#expr);                                                            \
  } while (0)

static void on_timer(uv_timer_t *h) { (void)h; }

void arm(uv_timer_t *t) {
  ASSERT(0 == uv_timer_start(t, on_timer, 1, 0));
}
