/* queue.h -- a tiny task queue for the gdb test: post() keeps a callback,
 * queue_run() calls the queued ones in order (the "event loop"). */
#ifndef GDB_QUEUE_H
#define GDB_QUEUE_H

typedef void (*task_fn)(int depth);

void post(task_fn fn, int depth);
/* Queues fn(data), run by queue_run() before the tasks posted after it. */
void post_data(void (*fn)(void *data), void *data);
void queue_run(void);
/* Keep fn (and its data) and never call it: what a leak looks like. */
void park(task_fn fn);
void park_data(void (*fn)(void *data), void *data);

#endif
