#line 1 "knr_callee.c"
/* A K&R-declared callee (no prototype): the contract still names argument 1. */
struct ctx;
int register_handler();
static void handler(struct ctx *c) { (void)c; }

#include <actx.h>
#line 6 "knr_callee.c"
int setup(struct ctx *c) {
  return register_handler(c, ACTX_ONCE(handler));
}
