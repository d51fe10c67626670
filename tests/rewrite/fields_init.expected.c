#line 1 "fields_init.c"
/* Callbacks stored by initialisers under field rules: designated (also a
 * nested designator), positional, nested lists, a compound literal, and a
 * static initialiser (reported: it cannot call the binding macro). */
#include <fake_uv.h>

typedef void (*task_fn)(void *arg);
struct ops {
  task_fn run;
  int flags;
};
typedef struct task {
  task_fn cb;
  struct ops ops;
} task_t;

static void on_exit_cb(uv_process_t *p, long long status, int sig) {
  (void)p;
  (void)status;
  (void)sig;
}
static void work(void *arg) { (void)arg; }

static uv_process_options_t global_options = {.exit_cb = on_exit_cb, .file = "true"};

#include <actx.h>
#line 25 "fields_init.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 3, void, (uv_process_t *actx__a0, long long actx__a1, int actx__a2)); ACTX_THUNK_R_DECL(actx_thunk_2, 1, void, (void *actx__a0)); int spawn(uv_loop_t *loop, uv_process_t *proc) {
  uv_process_options_t o = {.file = "true", .exit_cb = ACTX_ONCE_T(actx_thunk_1, on_exit_cb)};
  uv_process_options_t p = {ACTX_ONCE_T(actx_thunk_1, on_exit_cb), "true", NULL, NULL, NULL, 0};
  task_t t = {ACTX_KEYED_T(actx_thunk_2, work, &t, "cb"), {ACTX_KEYED_T(actx_thunk_2, work, &t.ops, "run"), 1}};
  task_t u = {.cb = NULL, .ops.run = ACTX_KEYED_T(actx_thunk_2, work, &u.ops, "run")};
  struct ops v = {.run = ACTX_KEYED_T(actx_thunk_2, (work), &v, "run"), .flags = 2};
  uv_process_options_t zero = {0}; /* zeroing: not a store to report */
  (void)zero;
  (void)t;
  (void)u;
  (void)v;
  (void)p;
  uv_spawn(loop, proc, &(uv_process_options_t){.exit_cb = ACTX_ONCE_T(actx_thunk_1, on_exit_cb), .file = "true"});
  uv_spawn(loop, proc, &global_options);
  return uv_spawn(loop, proc, &o);
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 26 "fields_init.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (uv_process_t *actx__a0, long long actx__a1, int actx__a2), (actx__a0, actx__a1, actx__a2))
#line 28 "fields_init.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_2, (void *actx__a0), (actx__a0))
