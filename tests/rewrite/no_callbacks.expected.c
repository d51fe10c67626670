/* Nothing to rewrite: the output is the input, byte for byte. */
static int add(int a, int b) { return a + b; }

int twice(int x) {
  return add(x, x);
}
