/* uv_requests.c -- end to end: the meson build compiles this file from its
 * actx-rewrite output (no hand-written binding anywhere).  Each request runs
 * in its own context; every later callback of that request -- timer ticks,
 * thread-pool work, its completion, a file-system request, the close
 * callback, and a POSIX thread -- must see the request's id. */
#include <actx.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <uv.h>

#define REQUESTS 8
#define CALLBACKS_PER_REQUEST 7 /* 2 ticks, work, after-work, stat, close, thread */

struct request {
  intptr_t id;
  int ticks;
  uv_timer_t timer;
  uv_work_t work;
  uv_fs_t stat;
  pthread_t thread;
};

static actx_storage *request_id;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int checks, failures;

static void expect(const struct request *r, const char *where) {
  intptr_t seen = (intptr_t)actx_storage_get(request_id);
  pthread_mutex_lock(&lock);
  checks++;
  if (seen != r->id) {
    failures++;
    fprintf(stderr, "request %ld: %s saw request id %ld\n", (long)r->id, where, (long)seen);
  }
  pthread_mutex_unlock(&lock);
}

static void on_closed(uv_handle_t *handle) {
  expect(handle->data, "close callback");
}

static void on_stat(uv_fs_t *req) {
  struct request *r = req->data;
  expect(r, "uv_fs_stat callback");
  uv_fs_req_cleanup(req);
  uv_close((uv_handle_t *)&r->timer, on_closed);
}

static void work(uv_work_t *req) {
  expect(req->data, "thread-pool work");
}

static void after_work(uv_work_t *req, int status) {
  struct request *r = req->data;
  (void)status;
  expect(r, "after-work callback");
  uv_fs_stat(req->loop, &r->stat, ".", on_stat);
}

static void on_tick(uv_timer_t *timer) {
  struct request *r = timer->data;
  expect(r, "timer tick");
  if (++r->ticks == 2) {
    uv_timer_stop(timer);
    uv_queue_work(timer->loop, &r->work, work, after_work);
  }
}

static void *thread_main(void *arg) {
  expect(arg, "pthread");
  return NULL;
}

static void *start_request(void *arg) {
  struct request *r = arg;
  r->timer.data = r->work.data = r->stat.data = r;
  uv_timer_init(uv_default_loop(), &r->timer);
  uv_timer_start(&r->timer, on_tick, 1 + (uint64_t)r->id % 3, 2);
  pthread_create(&r->thread, NULL, thread_main, r);
  return NULL;
}

int main(void) {
  static struct request requests[REQUESTS];
  request_id = actx_storage_new(NULL);
  for (int i = 0; i < REQUESTS; i++) {
    requests[i].id = i + 1;
    actx_storage_run(request_id, (void *)requests[i].id, start_request, &requests[i]);
  }
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  for (int i = 0; i < REQUESTS; i++)
    pthread_join(requests[i].thread, NULL);
  uv_loop_close(uv_default_loop());
  printf("%d checks, %d failures, %zu bind failures\n", checks, failures, actx_bind_failures());
  if (checks != REQUESTS * CALLBACKS_PER_REQUEST) {
    fprintf(stderr, "expected %d checks\n", REQUESTS * CALLBACKS_PER_REQUEST);
    return 1;
  }
  return failures || actx_bind_failures() ? 1 : 0;
}
