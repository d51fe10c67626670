#line 1 "variadic_callee.c"
/* A variadic callee: callbacks in the variadic part are found by index. */
int defer_all(int count, ...);
static void first(void) {}
static void second(void) {}

#include <actx.h>
#line 6 "variadic_callee.c"
int setup(void) {
  return defer_all(2, ACTX_ONCE(first), ACTX_FOREVER(second));
}
