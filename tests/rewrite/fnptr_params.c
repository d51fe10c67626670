/* A callback whose own parameters are function pointers and arrays: the
 * thunk declares them with __typeof__ so the declarator stays valid. */
typedef int (*compare_fn)(const void *, const void *);
int sort_later(void (*cb)(int (*cmp)(const void *, const void *), int counts[4], void *ctx), void *ctx);

static void on_sorted(int (*cmp)(const void *, const void *), int counts[4], void *ctx) {
  (void)cmp; (void)counts; (void)ctx;
}

int go(void *ctx) {
  return sort_later(on_sorted, ctx);
}
