/* getter lines in a user contract file: a result getter, an out-parameter
 * getter (as the body of an if: braces added), and a getter whose result is
 * not a function pointer (reported: user data is never unwrapped). */
struct thing;
typedef void (*watch_fn)(struct thing *t, int what);
void my_watch(struct thing *t, watch_fn fn);
void my_release(struct thing *t);
watch_fn my_get_watch(const struct thing *t);
void my_get_both(const struct thing *t, watch_fn *watch, watch_fn *other);
void *my_get_data(const struct thing *t);

static void on_watch(struct thing *t, int what) { (void)t; (void)what; }

int same(struct thing *t) {
  watch_fn a, b;
  my_watch(t, on_watch);
  if (my_get_watch(t) != on_watch)
    my_get_both(t, &a, &b);
  return my_get_data(t) != 0;
}
