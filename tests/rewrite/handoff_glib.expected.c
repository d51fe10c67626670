#line 1 "handoff_glib.c"
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

#include <actx.h>
#line 22 "handoff_glib.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 2, void, (gpointer actx__a0, gpointer actx__a1)); GThreadPool *start_pool(void) {
  return g_thread_pool_new(ACTX_FOREVER_T(actx_thunk_1, work), NULL, 4, 0, NULL);
}

ACTX_THUNK_R_DECL(actx_thunk_2, 1, void, (gpointer actx__a0)); GThreadPool *start_pool_full(GAsyncQueue **q) {
  *q = g_async_queue_new_full(ACTX_FOREVER_T(actx_thunk_2, drop));
  return g_thread_pool_new_full(ACTX_FOREVER_T(actx_thunk_1, work), NULL, ACTX_FOREVER_T(actx_thunk_2, drop), 4, 0, NULL);
}

void submit(GThreadPool *pool, GAsyncQueue *q, struct job *j, const struct job *cj) {
  g_thread_pool_push(pool, ACTX_CARRY(j), NULL);
  g_async_queue_push(q, ACTX_CARRY(make_job(1)));
  g_async_queue_push_front(q, ACTX_CARRY((gpointer)cj));
  g_async_queue_push(q, NULL);
}

struct job *consume(GAsyncQueue *q) {
  struct job *j = ACTX_TAKE(g_async_queue_pop(q));
  handle(j);
  ACTX_TAKE(g_async_queue_pop(q));
  if (ACTX_TAKE(g_async_queue_timeout_pop(q, 10)) != NULL)
    handle(j);
  return (struct job *)ACTX_TAKE(g_async_queue_try_pop(q));
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 23 "handoff_glib.c"
ACTX_THUNK_R_TAKE_VOID_BODY(actx_thunk_1, (gpointer actx__a0, gpointer actx__a1), (actx__a0, actx__a1), 0)
#line 27 "handoff_glib.c"
ACTX_THUNK_R_TAKE_VOID_BODY(actx_thunk_2, (gpointer actx__a0), (actx__a0), 0)
