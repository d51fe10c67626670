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

int spawn(uv_loop_t *loop, uv_process_t *proc) {
  uv_process_options_t o = {.file = "true", .exit_cb = on_exit_cb};
  uv_process_options_t p = {on_exit_cb, "true", NULL, NULL, NULL, 0};
  task_t t = {work, {work, 1}};
  task_t u = {.cb = NULL, .ops.run = work};
  struct ops v = {.run = (work), .flags = 2};
  uv_process_options_t zero = {0}; /* zeroing: not a store to report */
  (void)zero;
  (void)t;
  (void)u;
  (void)v;
  (void)p;
  uv_spawn(loop, proc, &(uv_process_options_t){.exit_cb = on_exit_cb, .file = "true"});
  uv_spawn(loop, proc, &global_options);
  return uv_spawn(loop, proc, &o);
}
