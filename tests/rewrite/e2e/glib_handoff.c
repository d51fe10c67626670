/* glib_handoff.c -- end to end with GLib's thread pool and asynchronous
 * queue: the meson build compiles this file from its actx-rewrite output,
 * with the built-in contracts only.  Two requests, each in its own context,
 * push tasks to a GThreadPool (g_thread_pool_push: carry) and items to a
 * GAsyncQueue that a consumer thread pops (g_async_queue_pop: take result);
 * the pool function (g_thread_pool_new: take=0) and the consumer must see,
 * for every task and item, the request that pushed it.  Nothing may stay
 * carried once everything is consumed. */
#include <actx.h>
#include <glib.h>
#include <stdint.h>
#include <stdio.h>

#define REQUESTS 2
#define PER_REQUEST 50

struct item {
  intptr_t request; /* 0: the consumer's stop item */
};

static actx_storage *request_id;
static GThreadPool *pool;
static GAsyncQueue *queue;
static gint checks, failures;

static void expect(const struct item *it, const char *where) {
  intptr_t seen = (intptr_t)actx_storage_get(request_id);
  g_atomic_int_inc(&checks);
  if (seen != it->request) {
    g_atomic_int_inc(&failures);
    fprintf(stderr, "%s: item of request %ld saw request %ld\n", where, (long)it->request,
            (long)seen);
  }
}

static void run_task(gpointer data, gpointer user_data) {
  (void)user_data;
  expect(data, "pool task");
}

static gpointer consume(gpointer unused) {
  (void)unused;
  for (;;) {
    struct item *it = g_async_queue_pop(queue);
    expect(it, "queue item");
    if (it->request == 0)
      return NULL;
  }
}

static struct item tasks[REQUESTS][PER_REQUEST], items[REQUESTS][PER_REQUEST];

static void *start_request(void *arg) {
  intptr_t r = (intptr_t)arg;
  for (int i = 0; i < PER_REQUEST; i++) {
    tasks[r - 1][i].request = r;
    items[r - 1][i].request = r;
    g_thread_pool_push(pool, &tasks[r - 1][i], NULL);
    g_async_queue_push(queue, &items[r - 1][i]);
  }
  return NULL;
}

static gpointer request_thread(gpointer arg) {
  return actx_storage_run(request_id, arg, start_request, arg);
}

int main(void) {
  static struct item stop = {0};
  request_id = actx_storage_new(NULL);
  pool = g_thread_pool_new(run_task, NULL, 3, TRUE, NULL);
  queue = g_async_queue_new();
  /* Before the consumer thread: its once binding ends when it returns. */
  size_t live = actx_live_resources();
  GThread *consumer = g_thread_new("consumer", consume, NULL);
  /* The requests push from two threads at once. */
  GThread *req[REQUESTS];
  for (intptr_t r = 1; r <= REQUESTS; r++)
    req[r - 1] = g_thread_new("request", request_thread, (gpointer)r);
  for (int r = 0; r < REQUESTS; r++)
    g_thread_join(req[r]);
  g_async_queue_push(queue, &stop); /* pushed at top level: no request */
  g_thread_join(consumer);
  g_thread_pool_free(pool, FALSE, TRUE);
  g_async_queue_unref(queue);
  if (actx_carried_items() != 0 || actx_live_resources() != live) {
    fprintf(stderr, "%zu items still carried, %zu resources left\n", actx_carried_items(),
            actx_live_resources() - live);
    failures++;
  }
  printf("%d checks, %d failures, %zu bind failures\n", checks, failures, actx_bind_failures());
  if (checks != 2 * REQUESTS * PER_REQUEST + 1) {
    fprintf(stderr, "expected %d checks\n", 2 * REQUESTS * PER_REQUEST + 1);
    return 1;
  }
  return failures || actx_bind_failures() ? 1 : 0;
}
