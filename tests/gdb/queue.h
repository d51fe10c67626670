/* queue.h -- a tiny task queue for the gdb test: post() keeps a callback,
 * queue_run() calls the queued ones in order (the "event loop"). */
#ifndef GDB_QUEUE_H
#define GDB_QUEUE_H

typedef void (*task_fn)(int depth);

void post(task_fn fn, int depth);
void queue_run(void);
/* Keep fn (and its data) and never call it: what a leak looks like. */
void park(task_fn fn);
void park_data(void (*fn)(void *data), void *data);

#endif
