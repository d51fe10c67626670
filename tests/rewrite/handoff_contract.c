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

void setup(void *state, struct queue *q, struct task *t, struct task tasks[4]) {
  pool_start(run_task, state);
  pool_start_int(run_counted);
  pool_start_generic((any_worker)run_task);
  pool_start_far(run_task);
  pool_close(run_task, q);
  queue_put(q, t);
  queue_put(q, tasks);
  queue_put(q, ACTX_CARRY(t));
}

struct task *drain(struct queue *q) {
  struct task *t = queue_get(q);
  if (queue_count(q) > 0)
    t = queue_get(q);
  return t;
}

int cancel(struct queue *q, const struct task *t) {
  queue_remove(q, NULL);
  queue_remove(q, ACTX_DROP(t));
  return queue_remove(q, t);
}
