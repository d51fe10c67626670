/* test-handoff.c -- hand-offs (runtime/handoff.c): an item's context carried
 * from the thread that pushes it to the one that takes it; PROP-HANDOFF-* and
 * RES-CARRY-* of docs/conformance.md. */
#define TEST_STORAGE_FIXTURE /* S */
#include "test.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

void actx__test_fail_alloc_after(long n); /* runtime/error.c, white-box */

/* meson sets ACTX_TEST_NO_THREADS where threads cannot start (qemu-user in
 * the arm64 pass): the tests that need them skip. */
static int no_threads(void) {
  return getenv("ACTX_TEST_NO_THREADS") != NULL;
}

static void *get_s(void *arg) {
  (void)arg;
  return actx_storage_get(S);
}

/* A small blocking queue of items, as a program's own would be. */
#define QMAX 256
static struct {
  pthread_mutex_t lock;
  pthread_cond_t cond;
  void *items[QMAX];
  unsigned head, tail;
} q = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, {0}, 0, 0};

static void q_push(void *item) {
  pthread_mutex_lock(&q.lock);
  q.items[q.tail++ % QMAX] = item;
  pthread_cond_signal(&q.cond);
  pthread_mutex_unlock(&q.lock);
}
static void *q_pop(void) {
  pthread_mutex_lock(&q.lock);
  while (q.head == q.tail)
    pthread_cond_wait(&q.cond, &q.lock);
  void *item = q.items[q.head++ % QMAX];
  pthread_mutex_unlock(&q.lock);
  return item;
}

struct job {
  void *want; /* the store of the context it was pushed in */
  void *seen;
};

static void *push_job(void *arg) {
  q_push(ACTX_CARRY((struct job *)arg));
  return NULL;
}

/* PROP-HANDOFF-1: items pushed from two contexts, popped on another thread
 * with ACTX_TAKE, each seen in its own context; the census is back to 0. */
static void *consume_by_result(void *arg) {
  int n = (int)(intptr_t)arg;
  for (int i = 0; i < n; i++) {
    struct job *j = ACTX_TAKE((struct job *)q_pop());
    j->seen = actx_storage_get(S);
  }
  /* Then an item carried from the top level (the empty context), taken at
   * this thread's top level, which then exits. */
  struct job *stop = ACTX_TAKE((struct job *)q_pop());
  stop->seen = actx_storage_get(S);
  return NULL;
}
static void take_by_result_across_threads(void **state) {
  (void)state;
  if (no_threads())
    skip(); /* qemu-user here cannot start threads (fork is a clone too) */
  struct job jobs[6];
  size_t live = actx_live_resources();
  for (int i = 0; i < 6; i++) {
    jobs[i] = (struct job){PTR(i % 2 + 1), NULL};
    actx_storage_run(S, jobs[i].want, push_job, &jobs[i]);
  }
  assert_int_equal(actx_carried_items(), 6);
  assert_int_equal(actx_live_resources(), live + 6);
  pthread_t th;
  assert_int_equal(pthread_create(&th, NULL, consume_by_result, (void *)(intptr_t)6), 0);
  struct job stop = {NULL, PTR(1)};
  q_push(ACTX_CARRY(&stop));
  pthread_join(th, NULL);
  assert_null(stop.seen);
  for (int i = 0; i < 6; i++)
    assert_ptr_equal(jobs[i].seen, jobs[i].want);
  assert_int_equal(actx_carried_items(), 0);
  assert_int_equal(actx_live_resources(), live);
}

/* PROP-HANDOFF-2: a take by result lasts until the next take on the thread;
 * taking an item that carries nothing (NULL, never carried) goes back to
 * what was current before the first take; a scope that ends takes it away. */
static void *take_in_run(void *item) {
  struct job *j = ACTX_TAKE((struct job *)item);
  j->seen = actx_storage_get(S);
  return NULL;
}
static void take_until_next_take(void **state) {
  (void)state;
  struct job a = {0}, b = {0}, plain = {0};
  actx_storage_run(S, PTR(1), push_job, &a);
  actx_storage_run(S, PTR(2), push_job, &b);
  actx_storage_enter_with(S, PTR(9));
  assert_int_equal(actx_take_enter(q_pop()), 1);
  assert_ptr_equal(actx_storage_get(S), PTR(1));
  assert_int_equal(actx_take_enter(q_pop()), 1);
  assert_ptr_equal(actx_storage_get(S), PTR(2));
  assert_int_equal(actx_take_enter(&plain), 0); /* never carried */
  assert_ptr_equal(actx_storage_get(S), PTR(9));
  assert_int_equal(actx_take_enter(NULL), 0);
  assert_ptr_equal(actx_storage_get(S), PTR(9));
  /* Entered inside a run: the run's end restores its caller's context, and
   * a later take of nothing changes nothing. */
  actx_storage_run(S, PTR(3), push_job, &a);
  actx_storage_run(S, PTR(4), take_in_run, q_pop());
  assert_ptr_equal(a.seen, PTR(3));
  assert_ptr_equal(actx_storage_get(S), PTR(9));
  assert_int_equal(actx_take_enter(NULL), 0);
  assert_ptr_equal(actx_storage_get(S), PTR(9));
  actx_storage_enter_with(S, NULL);
}

/* PROP-HANDOFF-3: the same item pushed twice carries the newer context, and
 * the older one's resource is destroyed then (RES-CARRY-1). */
static int destroyed;
static int count_destroy(actx_id id, void *user) {
  (void)id, (void)user;
  destroyed++;
  return 0;
}
static void *take_run_get(void *item) {
  return actx_take_run(item, get_s, NULL);
}
static void newer_context_wins(void **state) {
  (void)state;
  actx_hook *h =
      actx_hook_enable(actx_hook_new(&(actx_hook_callbacks){.destroy = count_destroy}, NULL));
  struct job j = {0};
  destroyed = 0;
  actx_storage_run(S, PTR(1), push_job, &j);
  actx_storage_run(S, PTR(2), push_job, &j);
  assert_int_equal(destroyed, 1);
  assert_int_equal(actx_carried_items(), 1);
  assert_ptr_equal(q_pop(), &j);
  assert_ptr_equal(q_pop(), &j);
  assert_ptr_equal(actx_take_run(&j, get_s, NULL), PTR(2));
  assert_int_equal(destroyed, 2);
  /* Taken: the item carries nothing any more, the caller's context applies. */
  assert_ptr_equal(actx_storage_run(S, PTR(5), take_run_get, &j), PTR(5));
  errno = 0;
  assert_null(actx_take_run(&j, NULL, NULL));
  assert_int_equal(errno, EINVAL);
  assert_int_equal(actx_carried_items(), 0);
  actx_hook_free(h);
}

/* RES-CARRY-1: a carried item is a resource of type "actx.carry": init at the
 * carry (trigger: the pusher's execution id), before/after around a callback
 * run in it (with its id as execution id), destroy when taken; a take by
 * result emits destroy only. */
static char events[64];
static actx_id carried_id, trigger_seen, exec_inside;
static int ev_init(actx_id id, const char *type, actx_id trigger, actx_resource *r, void *user) {
  (void)r, (void)user;
  if (strcmp(type, "actx.carry") == 0) {
    strcat(events, "i");
    carried_id = id;
    trigger_seen = trigger;
  }
  return 0;
}
static int ev_before(actx_id id, void *user) {
  (void)user;
  if (id == carried_id)
    strcat(events, "b");
  return 0;
}
static int ev_after(actx_id id, void *user) {
  (void)user;
  if (id == carried_id)
    strcat(events, "a");
  return 0;
}
static int ev_destroy(actx_id id, void *user) {
  (void)user;
  if (id == carried_id)
    strcat(events, "d");
  return 0;
}
static void *note_exec(void *arg) {
  (void)arg;
  exec_inside = actx_execution_async_id();
  strcat(events, "r");
  return NULL;
}
static void *carry_in_resource(void *arg) {
  actx_carry(arg);
  return NULL;
}
static void carry_hooks(void **state) {
  (void)state;
  actx_hook *h = actx_hook_enable(actx_hook_new(
      &(actx_hook_callbacks){
          .init = ev_init, .before = ev_before, .after = ev_after, .destroy = ev_destroy},
      NULL));
  actx_resource *outer = actx_resource_new("outer", NULL);
  struct job j = {0};
  events[0] = '\0';
  actx_resource_run(outer, carry_in_resource, &j);
  assert_int_equal(trigger_seen, actx_resource_async_id(outer));
  actx_take_run(&j, note_exec, NULL);
  assert_string_equal(events, "ibrad");
  assert_int_equal(exec_inside, carried_id);
  events[0] = '\0';
  actx_carry(&j);
  actx_take_enter(&j);
  assert_string_equal(events, "id");
  actx_take_enter(NULL);
  actx_resource_release(outer);
  actx_hook_free(h);
}

/* PROP-HANDOFF-4: a callback bound once (a pool's worker function) whose
 * parameter is an item runs in the item's context with the take thunks, and
 * in the binding's own when the item carries none. */
typedef void (*worker_fn)(void *item, void *user);
ACTX_THUNK_DECL(take_thunk_tls, void, (void *item, void *user));
ACTX_THUNK_TAKE_VOID_BODY(take_thunk_tls, (void *item, void *user), (item, user), 0)
ACTX_THUNK_R_DECL(take_thunk_reg, 2, int, (void *item, void *user));
ACTX_THUNK_R_TAKE_BODY(take_thunk_reg, int, (void *item, void *user), (item, user), 0)
ACTX_BOX_THUNK_DECL(take_thunk_box, void, (void *item, void *user));
ACTX_BOX_THUNK_TAKE_VOID_BODY(take_thunk_box, (void *item, void *user), (item, user), 1, 0)
static void worker(void *item, void *user) {
  struct job *j = item;
  j->seen = actx_storage_get(S);
  assert_ptr_equal(user, PTR(77));
}
static int worker_int(void *item, void *user) {
  worker(item, user);
  return 5;
}
struct bound_workers {
  worker_fn tls, box_thunk;
  int (*reg)(void *, void *);
  void *box;
};
static void *bind_workers(void *arg) {
  struct bound_workers *w = arg;
  w->tls = ACTX_FOREVER_T(take_thunk_tls, worker);
  w->reg = ACTX_FOREVER_T(take_thunk_reg, worker_int);
  w->box_thunk = ACTX_BOXED(take_thunk_box, worker);
  w->box = ACTX_BOX_FOREVER(worker, PTR(77));
  return NULL;
}
static void take_thunks(void **state) {
  (void)state;
  struct bound_workers w;
  actx_storage_run(S, PTR(100), bind_workers, &w); /* the pool's context */
  struct job a = {0}, b = {0}, c = {0}, none = {0};
  actx_storage_run(S, PTR(1), push_job, &a);
  actx_storage_run(S, PTR(2), push_job, &b);
  actx_storage_run(S, PTR(3), push_job, &c);
  w.tls(q_pop(), PTR(77));
  assert_int_equal(w.reg(q_pop(), PTR(77)), 5);
  w.box_thunk(q_pop(), w.box);
  w.tls(&none, PTR(77));
  assert_ptr_equal(a.seen, PTR(1));
  assert_ptr_equal(b.seen, PTR(2));
  assert_ptr_equal(c.seen, PTR(3));
  assert_ptr_equal(none.seen, PTR(100));
  assert_null(actx_storage_get(S));
  assert_int_equal(actx_carried_items(), 0);
  actx_unbind((actx_fn)w.tls);
  actx_unbind((actx_fn)w.reg);
  actx_box_free(w.box);
}

/* PROP-HANDOFF-5: NULL is never carried; out of memory, nothing is carried
 * and the item still comes back as given. */
static void carry_null_and_no_memory(void **state) {
  (void)state;
  assert_null(actx_carry(NULL));
  assert_int_equal(actx_carried_items(), 0);
  const struct job j = {0};
  actx__test_fail_alloc_after(1);
  errno = 0;
  const struct job *back = ACTX_CARRY(&j);
  actx__test_fail_alloc_after(0);
  assert_ptr_equal(back, &j);
  assert_int_equal(errno, ENOMEM);
  assert_int_equal(actx_carried_items(), 0);
  assert_null(actx_take_resource(&j));
}

/* PROP-HANDOFF-6: an item that leaves without being taken (removed from its
 * queue) gives its carried context up: actx_drop_carried() destroys it and
 * returns the item as given; an item that carries nothing, and NULL, come
 * back unchanged with nothing destroyed. */
static void drop_carried(void **state) {
  (void)state;
  actx_hook *h =
      actx_hook_enable(actx_hook_new(&(actx_hook_callbacks){.destroy = count_destroy}, NULL));
  struct job j = {0}, other = {0};
  destroyed = 0;
  size_t live = actx_live_resources();
  actx_storage_run(S, PTR(1), push_job, &j);
  assert_int_equal(actx_carried_items(), 1);
  const struct job *back = ACTX_DROP(&j);
  assert_ptr_equal(back, &j);
  assert_int_equal(destroyed, 1);
  assert_int_equal(actx_carried_items(), 0);
  assert_int_equal(actx_live_resources(), live);
  /* Dropped: a later take finds nothing and runs in the caller's context. */
  assert_ptr_equal(actx_storage_run(S, PTR(5), take_run_get, &j), PTR(5));
  assert_ptr_equal(actx_drop_carried(&other), &other);
  assert_null(actx_drop_carried(NULL));
  assert_int_equal(destroyed, 1);
  assert_ptr_equal(q_pop(), &j); /* the test queue's copy, carried no more */
  actx_hook_free(h);
}

/* THR-2 for hand-offs: pushers carrying and takers taking at once, many
 * items (the tables grow), each item seen in its pusher's context; race-free
 * under ThreadSanitizer. */
#define PUSHERS 4
#define PER_PUSHER 2000
static struct job stress_jobs[PUSHERS][PER_PUSHER];
static void *carry_job(void *arg) {
  actx_carry(arg);
  return NULL;
}
static void *pusher(void *arg) {
  intptr_t p = (intptr_t)arg;
  for (int i = 0; i < PER_PUSHER; i++) {
    stress_jobs[p][i] = (struct job){PTR(p + 1), NULL};
    actx_storage_run(S, PTR(p + 1), carry_job, &stress_jobs[p][i]);
  }
  return NULL;
}
static void *taker(void *arg) {
  intptr_t p = (intptr_t)arg;
  for (int i = 0; i < PER_PUSHER; i++) {
    struct job *j = &stress_jobs[p][i];
    j->seen = actx_take_run(j, get_s, NULL);
  }
  return NULL;
}
static void concurrent_carry_and_take(void **state) {
  (void)state;
  if (no_threads())
    skip(); /* qemu-user here cannot start threads (fork is a clone too) */
  pthread_t th[PUSHERS];
  for (intptr_t p = 0; p < 2; p++)
    assert_int_equal(pthread_create(&th[p], NULL, pusher, (void *)p), 0);
  for (int p = 0; p < 2; p++)
    pthread_join(th[p], NULL);
  assert_int_equal(actx_carried_items(), 2 * PER_PUSHER);
  /* Pushers 2 and 3 carry while two takers take what 0 and 1 carried. */
  for (intptr_t p = 0; p < PUSHERS; p++)
    assert_int_equal(pthread_create(&th[p], NULL, p < 2 ? taker : pusher, (void *)p), 0);
  for (int p = 0; p < PUSHERS; p++)
    pthread_join(th[p], NULL);
  assert_int_equal(actx_carried_items(), 2 * PER_PUSHER);
  taker((void *)(intptr_t)2);
  taker((void *)(intptr_t)3);
  assert_int_equal(actx_carried_items(), 0);
  for (int p = 0; p < PUSHERS; p++)
    for (int i = 0; i < PER_PUSHER; i++)
      assert_ptr_equal(stress_jobs[p][i].seen, PTR(p + 1));
}

/* fork() while another thread carries and takes: the child can carry and
 * take too (thread.c's atfork handlers hold the map's locks across it). */
static atomic_bool churning;
static void *churn(void *arg) {
  (void)arg;
  static struct job j;
  while (atomic_load(&churning)) {
    actx_carry(&j);
    actx_resource_release(actx_take_resource(&j));
  }
  return NULL;
}
static void fork_while_carrying(void **state) {
  (void)state;
  if (no_threads())
    skip(); /* qemu-user here cannot start threads (fork is a clone too) */
  const char *preload = getenv("LD_PRELOAD");
  if (preload && strstr(preload, "vgpreload"))
    skip(); /* see test-threads.c */
  pthread_t th;
  atomic_store(&churning, true);
  assert_int_equal(pthread_create(&th, NULL, churn, NULL), 0);
  for (int i = 0; i < 30; i++) {
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
      alarm(10);
      struct job j = {0};
      actx_storage_enter_with(S, PTR(4));
      actx_carry(&j);
      void *seen = actx_take_run(&j, get_s, NULL);
      _exit(seen == PTR(4) ? 0 : 3);
    }
    expect_exit_zero(pid, i);
  }
  atomic_store(&churning, false);
  pthread_join(th, NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(take_by_result_across_threads),
      cmocka_unit_test(take_until_next_take),
      cmocka_unit_test(newer_context_wins),
      cmocka_unit_test(carry_hooks),
      cmocka_unit_test(take_thunks),
      cmocka_unit_test(carry_null_and_no_memory),
      cmocka_unit_test(drop_carried),
      cmocka_unit_test(concurrent_carry_and_take),
      cmocka_unit_test(fork_while_carrying),
  };
  return cmocka_run_group_tests(tests, storage_setup, storage_teardown);
}
