/* Callbacks stored into fields by assignment, under field rules: the built-in
 * uv_process_options_t.exit_cb (once), a keyed rule keyed to the object that
 * holds the field (through `->`, `.` and a nested member) and a NULL store.
 * (Values already bound: the second run on the output, run-case.sh.) */
#include <fake_uv.h>

typedef void (*task_fn)(void *arg);
struct ops {
  task_fn run;
  task_fn cancel;
};
struct task {
  task_fn cb;
  struct ops ops;
};

static void on_exit_cb(uv_process_t *p, long long status, int sig) {
  (void)p;
  (void)status;
  (void)sig;
}
static void work(void *arg) { (void)arg; }

int spawn(uv_loop_t *loop, uv_process_t *proc, struct task *t) {
  uv_process_options_t o;
  o.file = "true";
  o.exit_cb = on_exit_cb;
  t->cb = work;
  t->ops.run = work;
  t->ops.cancel = NULL;
  (*t).cb = (work);
  return uv_spawn(loop, proc, &o);
}

/* A chained store is reported; so is comparing a field a rule wraps (it
 * holds a stub after the rewrite). */
int chained(struct task *a, struct task *b, uv_process_options_t *o, task_fn other) {
  a->cb = b->cb = work;
  o->exit_cb = on_exit_cb;
  return o->exit_cb != on_exit_cb || a->ops.cancel == other;
}
