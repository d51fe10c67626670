#line 1 "fields_assign.c"
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

#include <actx.h>
#line 24 "fields_assign.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 3, void, (uv_process_t *actx__a0, long long actx__a1, int actx__a2)); ACTX_THUNK_R_DECL(actx_thunk_2, 1, void, (void *actx__a0)); int spawn(uv_loop_t *loop, uv_process_t *proc, struct task *t) {
  uv_process_options_t o;
  o.file = "true";
  o.exit_cb = ACTX_ONCE_T(actx_thunk_1, on_exit_cb);
  t->cb = ACTX_KEYED_T(actx_thunk_2, work, t, "cb");
  t->ops.run = ACTX_KEYED_T(actx_thunk_2, work, &t->ops, "run");
  t->ops.cancel = NULL;
  (*t).cb = ACTX_KEYED_T(actx_thunk_2, (work), &((*t)), "cb");
  return uv_spawn(loop, proc, &o);
}

/* A chained store is reported; so is comparing a field a rule wraps (it
 * holds a stub after the rewrite). */
int chained(struct task *a, struct task *b, uv_process_options_t *o, task_fn other) {
  a->cb = b->cb = ACTX_KEYED_T(actx_thunk_2, work, b, "cb");
  o->exit_cb = ACTX_ONCE_T(actx_thunk_1, on_exit_cb);
  return o->exit_cb != on_exit_cb || a->ops.cancel == other;
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 27 "fields_assign.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (uv_process_t *actx__a0, long long actx__a1, int actx__a2), (actx__a0, actx__a1, actx__a2))
#line 28 "fields_assign.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_2, (void *actx__a0), (actx__a0))
