/* test-bind-libuv.c -- real bound function pointers in a real event loop
 * (libuv), the way rewritten code uses them: PROP-POOL-1, PROP-HANDLE-1 and
 * PROP-OUTSIDE-1 of docs/conformance.md, and the keyed / once lifetimes against
 * handles that re-arm and close.
 *
 *   timers   three "requests", each starting a timer inside its own run();
 *            the timer callback re-arms itself three times (uv_timer_start
 *            with the same key, slot, callback and context reuses the
 *            binding), then closes
 *            the handle (actx_release_key).  Each callback sees its request.
 *   work     uv_queue_work from three requests: the work callback runs on
 *            libuv's thread pool, the after-work callback on the loop, both
 *            bound once; each sees its own request.
 *   async    uv_async_init inside run; uv_async_send from a thread running
 *            outside any context; the handler still sees the registration's.
 * After each part no binding is left (live resources back to the baseline).
 */
#include "bind-common.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>
#include <uv.h>

static actx_storage *S;
static uv_loop_t loop;

/* ------------------------------------------------------------ timers */

struct req {
  uv_timer_t timer;
  int fired;
  int wrong; /* callbacks that saw another store */
  int closed;
};

static void on_timer_closed(uv_handle_t *h) {
  struct req *r = h->data;
  r->closed++;
}

static void on_timer(uv_timer_t *t) {
  struct req *r = t->data;
  r->wrong += actx_storage_get(S) != r;
  if (++r->fired < 4) {
    /* re-arm: same key, slot, callback and context: the same binding */
    uv_timer_start(t, ACTX_KEYED(on_timer, t, "timer"), 1, 0);
  } else {
    uv_close((uv_handle_t *)t, ACTX_ONCE(on_timer_closed));
    actx_release_key(t);
  }
}

static void *start_request(void *arg) {
  struct req *r = arg;
  uv_timer_init(&loop, &r->timer);
  r->timer.data = r;
  uv_timer_start(&r->timer, ACTX_KEYED(on_timer, &r->timer, "timer"), 1, 0);
  return NULL;
}

/* PROP-HANDLE-1, BIND-LIFE-3 */
static void timers_rearm_and_close(void **state) {
  (void)state;
  size_t live = actx_live_resources();
  struct req r[3] = {{.fired = 0}};
  for (int i = 0; i < 3; i++)
    actx_storage_run(S, &r[i], start_request, &r[i]);
  assert_int_equal(actx_live_resources(), live + 3);
  uv_run(&loop, UV_RUN_DEFAULT);
  for (int i = 0; i < 3; i++) {
    assert_int_equal(r[i].fired, 4);
    assert_int_equal(r[i].wrong, 0);
    assert_int_equal(r[i].closed, 1);
  }
  assert_int_equal(actx_live_resources(), live);
}

/* ------------------------------------------------------------ work */

struct job {
  uv_work_t work;
  void *seen_work, *seen_after;
  int status;
};

static void do_work(uv_work_t *w) {
  ((struct job *)w)->seen_work = actx_storage_get(S);
}
static void after_work(uv_work_t *w, int status) {
  struct job *j = (struct job *)w;
  j->seen_after = actx_storage_get(S);
  j->status = status;
}

static void *submit(void *arg) {
  struct job *j = arg;
  return (void *)(intptr_t)uv_queue_work(&loop, &j->work, ACTX_ONCE(do_work),
                                         ACTX_ONCE(after_work));
}

/* PROP-POOL-1, BIND-LIFE-2 */
static void thread_pool_work(void **state) {
  (void)state;
  if (bind_test_no_threads())
    skip();
  size_t live = actx_live_resources();
  struct job j[3];
  memset(j, 0, sizeof j);
  for (int i = 0; i < 3; i++)
    assert_int_equal((intptr_t)actx_storage_run(S, &j[i], submit, &j[i]), 0);
  uv_run(&loop, UV_RUN_DEFAULT);
  for (int i = 0; i < 3; i++) {
    assert_ptr_equal(j[i].seen_work, &j[i]);
    assert_ptr_equal(j[i].seen_after, &j[i]);
    assert_int_equal(j[i].status, 0);
  }
  assert_int_equal(actx_live_resources(), live);
}

/* ------------------------------------------------------------ async */

static uv_async_t async;
static void *async_seen;
static char conn[] = "conn";

static void on_async(uv_async_t *a) {
  async_seen = actx_storage_get(S);
  uv_close((uv_handle_t *)a, NULL);
  actx_release_key(a);
}

static void *open_async(void *arg) {
  (void)arg;
  return (void *)(intptr_t)uv_async_init(&loop, &async, ACTX_KEYED(on_async, &async, "async"));
}

static void *sender(void *arg) {
  (void)arg;
  uv_async_send(&async); /* from a thread with no context at all */
  return NULL;
}

/* PROP-OUTSIDE-1 */
static void async_from_context_free_thread(void **state) {
  (void)state;
  if (bind_test_no_threads())
    skip();
  size_t live = actx_live_resources();
  assert_int_equal((intptr_t)actx_storage_run(S, conn, open_async, NULL), 0);
  pthread_t t;
  assert_int_equal(pthread_create(&t, NULL, sender, NULL), 0);
  uv_run(&loop, UV_RUN_DEFAULT);
  pthread_join(t, NULL);
  assert_ptr_equal(async_seen, conn);
  assert_int_equal(actx_live_resources(), live);
}

int main(void) {
  int rc = bind_test_mdwe();
  if (rc)
    return rc;
  S = actx_storage_new(NULL);
  uv_loop_init(&loop);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(timers_rearm_and_close),
      cmocka_unit_test(thread_pool_work),
      cmocka_unit_test(async_from_context_free_thread),
  };
  rc = cmocka_run_group_tests(tests, NULL, NULL);
  uv_loop_close(&loop);
  actx_storage_free(S);
  return rc;
}
