/* Hand-offs (built-in contracts): tasks pushed to a GThreadPool and items
 * pushed to a GAsyncQueue carry the pusher's context; the pool function
 * enters each task's (take=0), a pop enters its item's. */
#include <fake_glib.h>

struct job {
  int id;
};

struct job *make_job(int id);
void handle(struct job *j);

static void work(gpointer data, gpointer user_data) {
  (void)user_data;
  handle(data);
}

static void drop(gpointer data) {
  handle(data);
}

GThreadPool *start_pool(void) {
  return g_thread_pool_new(work, NULL, 4, 0, NULL);
}

GThreadPool *start_pool_full(GAsyncQueue **q) {
  *q = g_async_queue_new_full(drop);
  return g_thread_pool_new_full(work, NULL, drop, 4, 0, NULL);
}

void submit(GThreadPool *pool, GAsyncQueue *q, struct job *j, const struct job *cj) {
  g_thread_pool_push(pool, j, NULL);
  g_async_queue_push(q, make_job(1));
  g_async_queue_push_front(q, (gpointer)cj);
  g_async_queue_push(q, NULL);
}

struct job *consume(GAsyncQueue *q) {
  struct job *j = g_async_queue_pop(q);
  handle(j);
  g_async_queue_pop(q);
  if (g_async_queue_timeout_pop(q, 10) != NULL)
    handle(j);
  return (struct job *)g_async_queue_try_pop(q);
}
