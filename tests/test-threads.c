/* test-threads.c -- context across threads: THR-1 to THR-3, PROP-POOL-1 and
 * PROP-OUTSIDE-1 of docs/conformance.md, and concurrent use for ThreadSanitizer. */
#define TEST_STORAGE_FIXTURE /* S */
#include "test.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static void *get_s(void *arg) {
  (void)arg;
  return actx_storage_get(S);
}
static void *take_snapshot(void *arg) {
  (void)arg;
  return actx_snapshot();
}

/* THR-1, THR-3: a frame captured on A runs on B in A's context; B's own frame is
 * back afterwards; a new thread starts empty. */
struct handoff {
  actx_frame *frame;
  void *seen_inside, *seen_before, *seen_after;
  actx_id exec_id;
};
static void *run_on_other_thread(void *arg) {
  struct handoff *h = arg;
  h->seen_before = actx_storage_get(S);
  h->exec_id = actx_execution_async_id();
  actx_storage_enter_with(S, PTR(2));
  h->seen_inside = actx_frame_run(h->frame, get_s, NULL);
  h->seen_after = actx_storage_get(S);
  return NULL;
}
static void frame_crosses_threads(void **state) {
  (void)state;
  struct handoff h = {0};
  h.frame = actx_storage_run(S, PTR(1), take_snapshot, NULL);
  pthread_t th;
  assert_int_equal(pthread_create(&th, NULL, run_on_other_thread, &h), 0);
  pthread_join(th, NULL);
  assert_null(h.seen_before); /* THR-3: empty frame on a new thread */
  assert_int_equal(h.exec_id, 1);
  assert_ptr_equal(h.seen_inside, PTR(1));
  assert_ptr_equal(h.seen_after, PTR(2));
  actx_frame_release(h.frame);
}

/* PROP-POOL-1: a one-worker pool captures context at submit time: three tasks from
 * stores 0, 1, 2 each see their own store. */
struct task {
  actx_resource *res;
  void *seen;
  struct task *next;
};
static struct {
  pthread_mutex_t lock;
  pthread_cond_t cond;
  struct task *head, **tail;
  bool closing;
} pool = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, &pool.head, false};

static void *record_store(void *arg) {
  struct task *t = arg;
  t->seen = actx_storage_get(S);
  return NULL;
}
static void *worker(void *arg) {
  (void)arg;
  for (;;) {
    pthread_mutex_lock(&pool.lock);
    while (!pool.head && !pool.closing)
      pthread_cond_wait(&pool.cond, &pool.lock);
    struct task *t = pool.head;
    if (t) {
      pool.head = t->next;
      if (!pool.head)
        pool.tail = &pool.head;
    }
    pthread_mutex_unlock(&pool.lock);
    if (!t)
      return NULL;
    actx_resource_run(t->res, record_store, t);
    actx_resource_emit_destroy(t->res);
  }
}
static void *submit(void *arg) {
  struct task *t = arg;
  t->res = actx_resource_new("WorkerPoolTask", NULL);
  pthread_mutex_lock(&pool.lock);
  *pool.tail = t;
  pool.tail = &t->next;
  pthread_cond_signal(&pool.cond);
  pthread_mutex_unlock(&pool.lock);
  return NULL;
}
static void pool_captures_at_submit(void **state) {
  (void)state;
  pthread_t th;
  /* The worker is created inside a store: tasks must not see it. */
  actx_storage_enter_with(S, PTR(99));
  assert_int_equal(pthread_create(&th, NULL, worker, NULL), 0);
  actx_storage_enter_with(S, NULL);
  struct task tasks[3] = {{0}};
  for (int i = 0; i < 3; i++)
    actx_storage_run(S, PTR(100 + i), submit, &tasks[i]);
  pthread_mutex_lock(&pool.lock);
  pool.closing = true;
  pthread_cond_signal(&pool.cond);
  pthread_mutex_unlock(&pool.lock);
  pthread_join(th, NULL);
  for (int i = 0; i < 3; i++) {
    assert_ptr_equal(tasks[i].seen, PTR(100 + i));
    actx_resource_release(tasks[i].res);
  }
}

/* PROP-OUTSIDE-1: a completion triggered by code running outside any context still sees
 * its registration's context. */
static void *complete_from_thread(void *arg) {
  return actx_resource_run(arg, get_s, NULL);
}
static void *make_resource(void *arg) {
  *(actx_resource **)arg = actx_resource_new("COMPLETION", NULL);
  return NULL;
}
static void completion_from_outside(void **state) {
  (void)state;
  actx_resource *r = NULL;
  actx_storage_run(S, PTR(5), make_resource, &r);
  pthread_t th;
  void *seen;
  assert_int_equal(pthread_create(&th, NULL, complete_from_thread, r), 0);
  pthread_join(th, &seen);
  assert_ptr_equal(seen, PTR(5));
  actx_resource_release(r);
}

/* THR-2: ids are unique across threads; concurrent run/get/snapshot/resource
 * use is race-free (this test is what TSan runs). */
#define THREADS 4
#define IDS 5000
static actx_id ids[THREADS][IDS];
static actx_frame *shared_frame;
static atomic_int mismatches;

static void *check_nested(void *arg) {
  if (actx_storage_get(S) != arg)
    atomic_fetch_add(&mismatches, 1);
  actx_frame *f = actx_snapshot();
  if (actx_frame_run(shared_frame, get_s, NULL) != PTR(7))
    atomic_fetch_add(&mismatches, 1);
  if (actx_frame_run(f, get_s, NULL) != arg)
    atomic_fetch_add(&mismatches, 1);
  actx_frame_release(f);
  return NULL;
}
static void *hammer(void *arg) {
  uintptr_t me = UINT(arg);
  for (int i = 0; i < IDS; i++) {
    actx_resource *r = actx_resource_new("H", NULL);
    ids[me][i] = actx_resource_async_id(r);
    actx_storage_run(S, PTR(me * IDS + i + 1000), check_nested, PTR(me * IDS + i + 1000));
    actx_resource_run(r, get_s, NULL);
    actx_resource_release(r);
  }
  return NULL;
}
static int cmp_id(const void *a, const void *b) {
  actx_id x = *(const actx_id *)a, y = *(const actx_id *)b;
  return x < y ? -1 : x > y;
}
static void concurrent_use_and_unique_ids(void **state) {
  (void)state;
  shared_frame = actx_storage_run(S, PTR(7), take_snapshot, NULL);
  pthread_t th[THREADS];
  for (uintptr_t i = 0; i < THREADS; i++)
    assert_int_equal(pthread_create(&th[i], NULL, hammer, PTR(i)), 0);
  for (int i = 0; i < THREADS; i++)
    pthread_join(th[i], NULL);
  assert_int_equal(atomic_load(&mismatches), 0);
  actx_id *all = &ids[0][0];
  qsort(all, THREADS * IDS, sizeof *all, cmp_id);
  for (int i = 1; i < THREADS * IDS; i++)
    assert_true(all[i] != all[i - 1]);
  assert_true(all[0] > 1);
  actx_frame_release(shared_frame);
}

/* ALS-DISABLE-2: a storage disabled on one thread while others read it. */
static atomic_bool stop;
static void *reader(void *arg) {
  (void)arg;
  while (!atomic_load(&stop))
    actx_storage_run(S, PTR(1), get_s, NULL);
  return NULL;
}
static void disable_races_with_get(void **state) {
  (void)state;
  pthread_t th;
  assert_int_equal(pthread_create(&th, NULL, reader, NULL), 0);
  for (int i = 0; i < 1000; i++)
    actx_storage_disable(S);
  atomic_store(&stop, true);
  pthread_join(th, NULL);
}

/* fork() while another thread keeps taking the runtime's locks: the child
 * must be able to take them too (the atfork handlers hold them across fork).
 * A child that deadlocks is killed by its alarm and the test fails. */
static atomic_bool churning;
/* Globals, not locals: a child forked mid-loop inherits these objects without
 * the thread that owns them, and valgrind would call them lost. */
static actx_hook *churn_hook;
static actx_storage *_Atomic churn_storage;
static void *churn(void *arg) {
  (void)arg;
  churn_hook = actx_hook_new(NULL, NULL);
  while (atomic_load(&churning)) {
    actx_hook_enable(churn_hook);
    actx_hook_disable(churn_hook);
    atomic_store(&churn_storage, actx_storage_new(NULL));
    actx_storage_free(atomic_exchange(&churn_storage, NULL));
  }
  actx_hook_free(churn_hook);
  return NULL;
}
static void fork_while_locks_are_taken(void **state) {
  (void)state;
  /* Under valgrind every child runs a leak check at exit, and an object the
   * other thread was building at the fork is lost in the child by nature. */
  const char *preload = getenv("LD_PRELOAD");
  if (preload && strstr(preload, "vgpreload"))
    skip();
  pthread_t th;
  atomic_store(&churning, true);
  assert_int_equal(pthread_create(&th, NULL, churn, NULL), 0);
  for (int i = 0; i < 50; i++) {
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
      alarm(10);
      actx_hook *h = actx_hook_enable(actx_hook_new(NULL, NULL));
      actx_storage *s = actx_storage_new(NULL);
      actx_hook_free(h);
      actx_storage_free(s);
      _exit(h && s ? 0 : 3);
    }
    expect_exit_zero(pid, i);
  }
  atomic_store(&churning, false);
  pthread_join(th, NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(frame_crosses_threads),   cmocka_unit_test(pool_captures_at_submit),
      cmocka_unit_test(completion_from_outside), cmocka_unit_test(concurrent_use_and_unique_ids),
      cmocka_unit_test(disable_races_with_get),  cmocka_unit_test(fork_while_locks_are_taken),
  };
  return cmocka_run_group_tests_name("threads", tests, storage_setup, storage_teardown);
}
