/* A K&R-declared callee (no prototype): the contract still names argument 1. */
struct ctx;
int register_handler();
static void handler(struct ctx *c) { (void)c; }

int setup(struct ctx *c) {
  return register_handler(c, handler);
}
