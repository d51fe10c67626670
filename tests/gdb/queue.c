/* queue.c -- the gdb test's task queue; not rewritten (it is the "library"). */
#include "queue.h"

#define MAX 16

static struct {
  task_fn fn;
  int depth;
} tasks[MAX];
static int head, tail;
static task_fn parked[MAX];
static int nparked;

void post(task_fn fn, int depth) {
  tasks[tail % MAX].fn = fn;
  tasks[tail % MAX].depth = depth;
  tail++;
}

void queue_run(void) {
  while (head != tail) {
    int i = head++ % MAX;
    tasks[i].fn(tasks[i].depth);
  }
}

void park(task_fn fn) {
  if (nparked < MAX)
    parked[nparked++] = fn;
}
