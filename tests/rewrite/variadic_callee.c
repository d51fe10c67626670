/* A variadic callee: callbacks in the variadic part are found by index. */
int defer_all(int count, ...);
static void first(void) {}
static void second(void) {}

int setup(void) {
  return defer_all(2, first, second);
}
