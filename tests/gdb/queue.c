/* queue.c -- the gdb test's task queue; not rewritten (it is the "library"). */
#include "queue.h"

#define MAX 16

static struct {
  task_fn fn;
  int depth;
  void (*data_fn)(void *);
  void *data;
} tasks[MAX];
static int head, tail;
static task_fn parked[MAX];
static int nparked;
static struct {
  void (*fn)(void *);
  void *data;
} parked_data[MAX];
static int nparked_data;

void post(task_fn fn, int depth) {
  tasks[tail % MAX].fn = fn;
  tasks[tail % MAX].depth = depth;
  tasks[tail % MAX].data_fn = 0;
  tail++;
}

void post_data(void (*fn)(void *data), void *data) {
  tasks[tail % MAX].fn = 0;
  tasks[tail % MAX].data_fn = fn;
  tasks[tail % MAX].data = data;
  tail++;
}

void queue_run(void) {
  while (head != tail) {
    int i = head++ % MAX;
    if (tasks[i].data_fn)
      tasks[i].data_fn(tasks[i].data);
    else
      tasks[i].fn(tasks[i].depth); /* call */
  }
}

void park(task_fn fn) {
  if (nparked < MAX)
    parked[nparked++] = fn;
}

void park_data(void (*fn)(void *data), void *data) {
  if (nparked_data < MAX) {
    parked_data[nparked_data].fn = fn;
    parked_data[nparked_data++].data = data;
  }
}
