#line 1 "handoff_contract.c"
/* Hand-offs from a user contract: a project's own queue (carry, take
 * result, drop of an item removed unconsumed), pools whose worker gets the
 * item as a parameter (take=K, with boxing, a typed stub thunk, and the cases
 * that cannot take). */
#include <actx.h>

struct queue;
struct task {
  int n;
};
typedef void (*worker)(void *item, void *user);
typedef int (*counted_worker)(int slot, struct task *item);
typedef void (*any_worker)(void);

void queue_put(struct queue *q, void *item);
void *queue_get(struct queue *q);
int queue_count(struct queue *q);
int queue_remove(struct queue *q, const struct task *item);
void pool_start(worker w, void *user);
void pool_start_int(counted_worker w);
void pool_start_generic(any_worker w);
void pool_start_far(worker w);
void pool_close(worker w, struct queue *q);

static void run_task(void *item, void *user) {
  (void)item;
  (void)user;
}
static int run_counted(int slot, struct task *item) {
  return slot + item->n;
}

ACTX_BOX_THUNK_DECL(actx_thunk_1, void, (void *actx__a0, void *actx__a1)); ACTX_THUNK_R_DECL(actx_thunk_2, 2, int, (int actx__a0, struct task *actx__a1)); void setup(void *state, struct queue *q, struct task *t, struct task tasks[4]) {
  pool_start(ACTX_BOXED(actx_thunk_1, run_task), ACTX_BOX_FOREVER(run_task, state));
  pool_start_int(ACTX_FOREVER_T(actx_thunk_2, run_counted));
  pool_start_generic((any_worker)run_task);
  pool_start_far(run_task);
  pool_close(run_task, q);
  queue_put(q, ACTX_CARRY(t));
  queue_put(q, ACTX_CARRY(tasks));
  queue_put(q, ACTX_CARRY(t));
}

struct task *drain(struct queue *q) {
  struct task *t = ACTX_TAKE(queue_get(q));
  if (queue_count(q) > 0)
    t = ACTX_TAKE(queue_get(q));
  return t;
}

int cancel(struct queue *q, const struct task *t) {
  queue_remove(q, NULL);
  queue_remove(q, ACTX_DROP(t));
  return queue_remove(q, ACTX_DROP(t));
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 34 "handoff_contract.c"
ACTX_BOX_THUNK_TAKE_VOID_BODY(actx_thunk_1, (void *actx__a0, void *actx__a1), (actx__a0, actx__a1), 1, 0)
#line 35 "handoff_contract.c"
ACTX_THUNK_R_TAKE_BODY(actx_thunk_2, int, (int actx__a0, struct task *actx__a1), (actx__a0, actx__a1), 1)
