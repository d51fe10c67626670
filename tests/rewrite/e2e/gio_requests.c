/* gio_requests.c -- end to end, GIO (issue 12): two requests, each running
 * its own chain of asynchronous work, rewritten with the built-in contracts
 * only.  Every callback must see its own request's id:
 *   - a file read chain: g_file_read_async -> g_input_stream_read_async ->
 *     g_input_stream_close_async (GAsyncReadyCallback: the type rule);
 *   - g_timeout_add_full and its destroy notify;
 *   - a GTask run with g_task_run_in_thread, and its callback;
 *   - g_thread_new;
 *   - a g_thread_pool_push of the request into a pool made before any
 *     request (the item's context: carry/take).
 * Expectations that need a branch not merged yet name it (NEEDS_*): they are
 * reported, not failed, unless built with -DMERGED_<BRANCH>=1. */
#include <actx.h>
#include <gio/gio.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#ifndef MERGED_TYPES_FINDINGS /* type rules: GAsyncReadyCallback */
#define MERGED_TYPES_FINDINGS 0
#endif
#ifndef MERGED_HANDOFF /* carry/take: g_thread_pool_push -> the pool function */
#define MERGED_HANDOFF 0
#endif

#define REQUESTS 2
#define CHECKS_PER_REQUEST 9

struct request {
  intptr_t id;
  char path[64];
  char buf[16];
  GThread *thread;
};

static actx_storage *request_id;
static GMainLoop *loop;
static GThreadPool *pool;
static int checks, failures, pending_checks, pending_passing, remaining;
static GMutex lock;

/* merged: whether the branch this expectation needs is in (1 without one). */
static void expect(const struct request *r, const char *where, int merged, const char *branch) {
  intptr_t seen = (intptr_t)actx_storage_get(request_id);
  g_mutex_lock(&lock);
  if (merged) {
    checks++;
    if (seen != r->id) {
      failures++;
      fprintf(stderr, "request %ld: %s saw request %ld\n", (long)r->id, where, (long)seen);
    }
  } else {
    pending_checks++;
    pending_passing += seen == r->id;
    printf("pending (%s): request %ld: %s %s\n", branch, (long)r->id, where,
           seen == r->id ? "sees its request" : "does not");
  }
  g_mutex_unlock(&lock);
}

static void one_done(void) {
  g_mutex_lock(&lock);
  int left = --remaining;
  g_mutex_unlock(&lock);
  if (left == 0)
    g_main_loop_quit(loop);
}

static void on_closed(GObject *stream, GAsyncResult *res, gpointer data) {
  g_input_stream_close_finish(G_INPUT_STREAM(stream), res, NULL);
  expect(data, "g_input_stream_close_async", MERGED_TYPES_FINDINGS, "types-findings");
  g_object_unref(stream);
  one_done();
}

static void on_read(GObject *stream, GAsyncResult *res, gpointer data) {
  g_input_stream_read_finish(G_INPUT_STREAM(stream), res, NULL);
  expect(data, "g_input_stream_read_async", MERGED_TYPES_FINDINGS, "types-findings");
  g_input_stream_close_async(G_INPUT_STREAM(stream), G_PRIORITY_DEFAULT, NULL, on_closed, data);
}

static void on_opened(GObject *file, GAsyncResult *res, gpointer data) {
  struct request *r = data;
  GFileInputStream *in = g_file_read_finish(G_FILE(file), res, NULL);
  expect(r, "g_file_read_async", MERGED_TYPES_FINDINGS, "types-findings");
  g_input_stream_read_async(G_INPUT_STREAM(in), r->buf, sizeof r->buf, G_PRIORITY_DEFAULT, NULL,
                            on_read, r);
}

static gboolean on_timeout(gpointer data) {
  expect(data, "g_timeout_add_full", 1, NULL);
  return G_SOURCE_REMOVE;
}

static void on_timeout_destroyed(gpointer data) {
  expect(data, "g_timeout_add_full destroy notify", 1, NULL);
  one_done();
}

static void task_thread(GTask *task, gpointer source, gpointer task_data, GCancellable *c) {
  (void)source;
  (void)c;
  expect(task_data, "g_task_run_in_thread", 1, NULL);
  g_task_return_boolean(task, TRUE);
}

static void on_task_done(GObject *source, GAsyncResult *res, gpointer data) {
  (void)source;
  g_task_propagate_boolean(G_TASK(res), NULL);
  expect(data, "g_task_new callback", 1, NULL);
  one_done();
}

static gpointer thread_main(gpointer data) {
  expect(data, "g_thread_new", 1, NULL);
  return NULL;
}

static void pool_main(gpointer item, gpointer unused) {
  (void)unused;
  expect(item, "g_thread_pool_push", MERGED_HANDOFF, "handoff");
  one_done();
}

static void *start_request(void *arg) {
  struct request *r = arg;
  GFile *file = g_file_new_for_path(r->path);
  g_file_read_async(file, G_PRIORITY_DEFAULT, NULL, on_opened, r);
  g_object_unref(file);
  g_timeout_add_full(G_PRIORITY_DEFAULT, 1 + (guint)r->id, on_timeout, r, on_timeout_destroyed);
  GTask *task = g_task_new(NULL, NULL, on_task_done, r);
  g_task_set_task_data(task, r, NULL);
  g_task_run_in_thread(task, task_thread);
  g_object_unref(task);
  r->thread = g_thread_new("request", thread_main, r);
  g_thread_pool_push(pool, r, NULL);
  return NULL;
}

int main(void) {
  static struct request requests[REQUESTS];
  request_id = actx_storage_new(NULL);
  loop = g_main_loop_new(NULL, FALSE);
  pool = g_thread_pool_new(pool_main, NULL, 2, FALSE, NULL);
  remaining = REQUESTS * 4; /* the read chain, the timeout, the task, the pool item */
  for (int i = 0; i < REQUESTS; i++) {
    struct request *r = &requests[i];
    r->id = i + 1;
    snprintf(r->path, sizeof r->path, "/tmp/actx-gio-request-%ld-%d", (long)r->id, (int)getpid());
    if (!g_file_set_contents(r->path, "request data", -1, NULL))
      return 1;
    actx_storage_run(request_id, (void *)r->id, start_request, r);
  }
  g_main_loop_run(loop);
  g_thread_pool_free(pool, FALSE, TRUE);
  for (int i = 0; i < REQUESTS; i++) {
    g_thread_join(requests[i].thread);
    remove(requests[i].path);
  }
  g_main_loop_unref(loop);
  printf("%d checks, %d failures; %d pending on other branches (%d already passing); %zu bind "
         "failures\n",
         checks, failures, pending_checks, pending_passing, actx_bind_failures());
  if (checks + pending_checks != REQUESTS * CHECKS_PER_REQUEST) {
    fprintf(stderr, "expected %d checks\n", REQUESTS * CHECKS_PER_REQUEST);
    return 1;
  }
  return failures || actx_bind_failures() ? 1 : 0;
}
