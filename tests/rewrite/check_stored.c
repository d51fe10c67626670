/* --check fails on a callback stored where no rule covers it. */
typedef void (*handler_fn)(int sig);
struct task {
  handler_fn cb;
};

static void on_sig(int sig) { (void)sig; }

void store(struct task *t) {
  t->cb = on_sig;
}
