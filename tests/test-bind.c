/* test-bind.c -- actx_bind and friends with real bound function pointers:
 * the requirements of docs/conformance.md that involve callbacks (PROP-, BIND-,
 * RES-BIND, THR-, and more, cited above each test), lifetimes, deferred release,
 * stale calls, signals. */
#include "bind-common.h"
#define TEST_STORAGE_FIXTURE /* S and S2 */
#include "test.h"

#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>

/* Runs fn(arg) in a child process; returns its wait status. */
static int in_child(void (*fn)(void *), void *arg) {
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    freopen("/dev/null", "w", stderr);
    fn(arg);
    _exit(0);
  }
  int st = 0;
  waitpid(pid, &st, 0);
  return st;
}

typedef void *(*getter_fn)(void);
static void *get_s(void) {
  return actx_storage_get(S);
}
static void *get_s2(void) {
  return actx_storage_get(S2);
}

/* ------------------------------------------------------------ BIND-ERR-1, BIND-FWD-1 */

static int add3(int a, int b, int c) {
  return a * 100 + b * 10 + c;
}

static void bind_null_and_invalid(void **state) {
  (void)state;
  errno = 0;
  assert_null(actx_bind(NULL, "x"));
  assert_int_equal(errno, EINVAL);
  errno = 0;
  assert_null(actx_resource_bind(NULL, (actx_fn)get_s));
  assert_int_equal(errno, EINVAL);
  assert_int_equal(actx_unbind(NULL), ACTX_EINVAL);
  assert_int_equal(actx_unbind((actx_fn)get_s), ACTX_EINVAL); /* not a stub */
  errno = 0;
  assert_null(actx_bound_resource((actx_fn)get_s));
  assert_int_equal(errno, EINVAL);
  actx_bind_options o = {.lifetime = ACTX_LIFE_KEYED}; /* no key */
  assert_null(actx_bind_with((actx_fn)get_s, &o));
  assert_int_equal(errno, EINVAL);
  o.lifetime = (actx_lifetime)99;
  assert_null(actx_bind_with((actx_fn)get_s, &o));
  int (*np)(int, int, int) = NULL;
  assert_null(ACTX_BIND(np));
}

/* BIND-FWD-1, BIND-LIFE-1: forwards arguments and result until unbound. */
static void bind_forwards_args_and_result(void **state) {
  (void)state;
  int (*b)(int, int, int) = ACTX_BIND(add3);
  assert_non_null(b);
  assert_ptr_not_equal(b, add3);
  assert_int_equal(b(1, 2, 3), 123);
  assert_int_equal(b(9, 8, 7), 987);
  assert_int_equal(actx_unbind((actx_fn)b), 0);
  assert_int_equal(actx_unbind((actx_fn)b), ACTX_EINVAL); /* released */
  assert_null(actx_bound_resource((actx_fn)b));
}

/* ------------------------------------------------------------ PROP-LATE-1, PROP-CAPTURE-1 */

struct req {
  int counter;
};

static void *bind_getter(void *arg) {
  (void)arg;
  return (void *)ACTX_BIND(get_s);
}

static void bound_in_run_called_after(void **state) {
  (void)state;
  struct req r = {1};
  getter_fn g = actx_storage_run(S, &r, bind_getter, NULL);
  assert_null(actx_storage_get(S)); /* run returned */
  r.counter = 42;                   /* mutable store: the change is seen */
  struct req *seen = g();
  assert_ptr_equal(seen, &r);
  assert_int_equal(seen->counter, 42);
  assert_null(actx_storage_get(S)); /* restored after the call */
  /* PROP-CAPTURE-1: captured at bind time, not call time. */
  struct req other = {2};
  actx_scope sc;
  assert_int_equal(actx_storage_scope_begin(&sc, S, &other), 0);
  assert_ptr_equal(g(), &r);
  assert_ptr_equal(actx_storage_get(S), &other);
  actx_scope_end(&sc);
  actx_unbind((actx_fn)g);
}

/* ------------------------------------------------------------ PROP-ENTER-1 */

struct l8 {
  getter_fn sibling, child;
};

static void l8_cb(struct l8 *x) {
  /* enter_with inside the callback: lasts for the rest of it... */
  assert_int_equal(actx_storage_enter_with(S, "entered"), 0);
  assert_string_equal(actx_storage_get(S), "entered");
  /* ...and is seen by callbacks bound here. */
  x->child = ACTX_BIND(get_s);
}

static void *l8_run(void *arg) {
  struct l8 *x = arg;
  x->sibling = ACTX_BIND(get_s);
  void (*cb)(struct l8 *) = ACTX_BIND(l8_cb);
  cb(x);
  /* the callback's enter_with does not leak into the caller */
  assert_string_equal(actx_storage_get(S), "outer");
  actx_unbind((actx_fn)cb);
  return NULL;
}

static void enter_with_in_callback(void **state) {
  (void)state;
  struct l8 x = {0};
  actx_storage_run(S, "outer", l8_run, &x);
  assert_string_equal(x.child(), "entered");
  assert_string_equal(x.sibling(), "outer"); /* bound earlier: unaffected */
  actx_unbind((actx_fn)x.child);
  actx_unbind((actx_fn)x.sibling);
}

/* ------------------------------------------------------------ ALS-INDEP-1, PROP-SNAP-1 */

static void *l3_inner(void *arg) {
  *(getter_fn *)arg = ACTX_BIND(get_s2);
  ((getter_fn *)arg)[1] = ACTX_BIND(get_s);
  return NULL;
}
static void *l3_outer(void *arg) {
  return actx_storage_run(S2, "B", l3_inner, arg);
}

static void two_storages(void **state) {
  (void)state;
  getter_fn g[2];
  actx_storage_run(S, "A", l3_outer, g);
  assert_string_equal(g[0](), "B");
  assert_string_equal(g[1](), "A");
  actx_unbind((actx_fn)g[0]);
  actx_unbind((actx_fn)g[1]);
}

/* PROP-SNAP-1 */
static void *snap_take(void *arg) {
  (void)arg;
  return actx_snapshot();
}
static void *snap_call(void *arg) {
  return actx_frame_run(arg, (actx_run_cb)(void *)get_s, NULL);
}
static void *snap_inside(void *arg) {
  return snap_call(arg);
}

static void snapshot_sees_capture(void **state) {
  (void)state;
  actx_frame *f = actx_storage_run(S, (void *)123, snap_take, NULL);
  assert_ptr_equal(actx_storage_run(S, (void *)321, snap_inside, f), (void *)123);
  actx_frame_release(f);
}

/* ------------------------------------------------------------ PROP-POOL-1 */

#define POOL_Q 8
struct pool {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  void (*q[POOL_Q])(void *);
  void *qarg[POOL_Q];
  int head, tail;
  bool stop;
};

static void *pool_worker(void *arg) {
  struct pool *p = arg;
  pthread_mutex_lock(&p->mu);
  for (;;) {
    while (p->head == p->tail && !p->stop)
      pthread_cond_wait(&p->cv, &p->mu);
    if (p->head == p->tail)
      break;
    void (*fn)(void *) = p->q[p->head % POOL_Q];
    void *a = p->qarg[p->head % POOL_Q];
    p->head++;
    pthread_mutex_unlock(&p->mu);
    fn(a);
    pthread_mutex_lock(&p->mu);
  }
  pthread_mutex_unlock(&p->mu);
  return NULL;
}

/* The pool API: callbacks are bound at submit time, once. */
static void pool_submit(struct pool *p, void (*fn)(void *), void *a) {
  void (*bound)(void *) = ACTX_ONCE(fn);
  pthread_mutex_lock(&p->mu);
  p->q[p->tail % POOL_Q] = bound;
  p->qarg[p->tail % POOL_Q] = a;
  p->tail++;
  pthread_cond_signal(&p->cv);
  pthread_mutex_unlock(&p->mu);
}

struct task {
  void *seen;
};
static void task_fn(void *a) {
  ((struct task *)a)->seen = actx_storage_get(S);
}

struct submitter {
  struct pool *p;
  struct task *t;
  void *store;
};
static void *submit_in_ctx(void *arg) {
  struct submitter *s = arg;
  pool_submit(s->p, task_fn, s->t);
  return NULL;
}
static void *submitter_thread(void *arg) {
  struct submitter *s = arg;
  return actx_storage_run(S, s->store, submit_in_ctx, s);
}

static void one_worker_pool(void **state) {
  (void)state;
  if (bind_test_no_threads())
    skip();
  size_t live = actx_live_resources();
  struct pool p = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};
  pthread_t w, sub[3];
  /* The worker exists before any context does: capture is at submit time. */
  assert_int_equal(pthread_create(&w, NULL, pool_worker, &p), 0);
  static char stores[3][4] = {"s0", "s1", "s2"};
  struct task t[3] = {{0}};
  struct submitter s[3];
  for (int i = 0; i < 3; i++) {
    s[i] = (struct submitter){&p, &t[i], stores[i]};
    assert_int_equal(pthread_create(&sub[i], NULL, submitter_thread, &s[i]), 0);
  }
  for (int i = 0; i < 3; i++)
    pthread_join(sub[i], NULL);
  pthread_mutex_lock(&p.mu);
  p.stop = true;
  pthread_cond_signal(&p.cv);
  pthread_mutex_unlock(&p.mu);
  pthread_join(w, NULL);
  for (int i = 0; i < 3; i++)
    assert_ptr_equal(t[i].seen, stores[i]);
  assert_int_equal(actx_live_resources(), live); /* once: all released */
}

/* ------------------------------------------------------------ BIND-PERREG-1, THR-2 */

#define NT 8
#define PER 200
struct l14 {
  int idx;
  int ok;
};
static void *l14_cb(void) {
  return actx_storage_get(S);
}
static void *l14_body(void *arg) {
  struct l14 *x = arg;
  for (int i = 0; i < PER; i++) {
    void *(*b)(void) = ACTX_BIND(l14_cb); /* same function, many bindings */
    actx_id id = actx_resource_async_id(actx_bound_resource((actx_fn)b));
    x->ok += b() == (void *)x && id > 1;
    actx_unbind((actx_fn)b);
  }
  return NULL;
}
static void *l14_thread(void *arg) {
  return actx_storage_run(S, arg, l14_body, arg);
}

static void concurrent_registrations(void **state) {
  (void)state;
  if (bind_test_no_threads())
    skip();
  pthread_t th[NT];
  struct l14 x[NT];
  for (int i = 0; i < NT; i++) {
    x[i] = (struct l14){i, 0};
    assert_int_equal(pthread_create(&th[i], NULL, l14_thread, &x[i]), 0);
  }
  for (int i = 0; i < NT; i++)
    pthread_join(th[i], NULL);
  for (int i = 0; i < NT; i++)
    assert_int_equal(x[i].ok, PER);
}

/* ------------------------------------------------------------ PROP-HANDLE-1, PROP-OUTSIDE-1 */

/* A toy event source: a handle with a read callback, fired by a "loop" that
 * runs outside any context. */
struct handle {
  void (*on_read)(struct handle *, int);
  int got;
  void *seen;
};
static void handle_read_start(struct handle *h, void (*cb)(struct handle *, int)) {
  h->on_read = ACTX_KEYED(cb, h, "read");
}
static void handle_close(struct handle *h) {
  actx_release_key(h);
}
static void on_read(struct handle *h, int n) {
  h->got += n;
  h->seen = actx_storage_get(S);
}
static void *open_handle(void *arg) {
  handle_read_start(arg, on_read);
  return NULL;
}

static void handle_in_run(void **state) {
  (void)state;
  struct handle h = {0};
  actx_storage_run(S, "conn", open_handle, &h);
  assert_null(actx_storage_get(S));
  h.on_read(&h, 5); /* the loop, outside any context */
  h.on_read(&h, 6);
  assert_int_equal(h.got, 11);
  assert_string_equal(h.seen, "conn");
  size_t live = actx_live_resources();
  handle_close(&h);
  assert_int_equal(actx_live_resources(), live - 1);
}

/* ------------------------------------------------------------ PROP-OBSERVE-1 */

static int observed;
static void observer(actx_frame *from, actx_frame *to, void *u) {
  (void)from, (void)to, (void)u;
  observed++;
}
static void observer_on_entry(void **state) {
  (void)state;
  getter_fn g = actx_storage_run(S, "x", bind_getter, NULL);
  observed = 0;
  actx_set_frame_observer(observer, NULL);
  g();
  actx_set_frame_observer(NULL, NULL);
  assert_int_equal(observed, 2); /* entry and exit */
  actx_unbind((actx_fn)g);
}

/* ------------------------------------------------------------ ALS-RELEASE-1 */

static int released;
static void on_release(void *store, void *user) {
  (void)user;
  if (strcmp(store, "req") == 0)
    released++;
}

static void *bind_getter_s3(void *arg) {
  actx_storage *s3 = arg;
  (void)s3;
  getter_fn *out = malloc(2 * sizeof *out);
  out[0] = ACTX_BIND(get_s);
  out[1] = ACTX_ONCE(get_s);
  return out;
}

static void store_release_follows_bindings(void **state) {
  (void)state;
  static char req[] = "req";
  actx_storage_options o = {.release = on_release};
  actx_storage *s3 = actx_storage_new(&o);
  released = 0;
  getter_fn *g = actx_storage_run(s3, req, bind_getter_s3, s3);
  assert_int_equal(released, 0); /* the bindings still reach it */
  g[1]();                        /* once: released after this call */
  assert_int_equal(released, 0);
  actx_unbind((actx_fn)g[0]);
  assert_int_equal(released, 1); /* the last one is gone: exactly once */
  free(g);
  actx_storage_free(s3);
}

/* ------------------------------------------------------------ ids and lifecycle */

static actx_id exec_id(void) {
  return actx_execution_async_id();
}
static actx_id trig_id(void) {
  return actx_trigger_async_id();
}

/* RES-BIND-1, RES-DESTROY-2, RES-RELEASE-1, HOOK-LIFE-1, HOOK-TRIGGER-1 */
static void lifecycle_and_ids(void **state) {
  (void)state;
  struct ev_log l;
  char buf[EV_MAX + 1];
  actx_hook *h = ev_hook(&l);
  actx_id (*e)(void) = ACTX_BIND(exec_id);
  actx_id (*t)(void) = ACTX_BIND(trig_id);
  actx_id id = actx_resource_async_id(actx_bound_resource((actx_fn)e));
  actx_id tid = actx_resource_async_id(actx_bound_resource((actx_fn)t));
  /* RES-BIND-1: runs under a new id, not the caller's. */
  assert_int_equal(e(), id);
  assert_int_not_equal(id, actx_execution_async_id());
  /* HOOK-TRIGGER-1: trigger = the binder's execution id; siblings share it. */
  assert_int_equal(t(), actx_execution_async_id());
  assert_int_equal(actx_resource_trigger_async_id(actx_bound_resource((actx_fn)e)),
                   actx_resource_trigger_async_id(actx_bound_resource((actx_fn)t)));
  e();
  /* RES-RELEASE-1, RES-DESTROY-2: released without manual destroy: destroy once; twice is
   * an error. */
  assert_int_equal(actx_unbind((actx_fn)e), 0);
  assert_int_equal(actx_unbind((actx_fn)e), ACTX_EINVAL);
  actx_unbind((actx_fn)t);
  actx_hook_free(h);
  /* HOOK-LIFE-1: init, then before/after pairs, then destroy, each once per call. */
  assert_string_equal(ev_seq(&l, id, buf), "ibabad");
  assert_string_equal(ev_seq(&l, tid, buf), "ibad");
}

/* HOOK-TRIGGER-2: a chain of "timers": each callback arms the next from inside itself. */
struct chain {
  int left;
  actx_id ids[4], triggers[4];
  int n;
};
static struct chain *chain_p;
static void chain_cb(void);
static void (*chain_next)(void);
static void chain_cb(void) {
  struct chain *c = chain_p;
  c->ids[c->n] = actx_execution_async_id();
  c->triggers[c->n] = actx_trigger_async_id();
  c->n++;
  if (--c->left > 0)
    chain_next = ACTX_ONCE(chain_cb);
}

static void timer_chain_ids(void **state) {
  (void)state;
  struct chain c = {.left = 4};
  chain_p = &c;
  actx_id top = actx_execution_async_id();
  chain_next = ACTX_ONCE(chain_cb);
  for (int i = 0; i < 4; i++) {
    void (*fire)(void) = chain_next;
    chain_next = NULL;
    fire();
  }
  assert_int_equal(c.n, 4);
  assert_int_equal(c.triggers[0], top);
  for (int i = 1; i < 4; i++)
    assert_int_equal(c.triggers[i], c.ids[i - 1]);
}

/* RES-BIND-2: asyncResource.bind: runs under r's id; no new resource. */
static void resource_bind_uses_resource(void **state) {
  (void)state;
  struct ev_log l;
  char buf[EV_MAX + 1];
  actx_resource *r = actx_resource_new("R", NULL);
  actx_hook *h = ev_hook(&l);
  size_t live = actx_live_resources();
  actx_id (*e)(void) = (actx_id(*)(void))actx_resource_bind(r, (actx_fn)exec_id);
  assert_int_equal(actx_live_resources(), live);
  assert_ptr_equal(actx_bound_resource((actx_fn)e), r);
  assert_int_equal(e(), actx_resource_async_id(r));
  assert_int_equal(actx_unbind((actx_fn)e), 0);
  actx_hook_free(h);
  assert_string_equal(ev_seq(&l, actx_resource_async_id(r), buf), "ba");
  actx_resource_release(r);
}

/* Binding a bound pointer: harmless; fn sees the inner (first) context. */
static void *rebind(void *arg) {
  return (void *)ACTX_BIND((getter_fn)arg);
}
static void bind_bound_pointer(void **state) {
  (void)state;
  getter_fn inner = actx_storage_run(S, "inner", bind_getter, NULL);
  getter_fn outer = actx_storage_run(S, "outer", rebind, (void *)inner);
  assert_string_equal(outer(), "inner");
  actx_unbind((actx_fn)outer);
  assert_string_equal(inner(), "inner");
  actx_unbind((actx_fn)inner);
}

/* ------------------------------------------------------------ THR-1, THR-3 */

static void *call_on_thread(void *arg) {
  getter_fn g = (getter_fn)arg;
  actx_storage_enter_with(S, "B's own");
  void *seen = g();
  assert_string_equal(actx_storage_get(S), "B's own");
  return seen;
}

static void other_thread_runs_in_binders_frame(void **state) {
  (void)state;
  if (bind_test_no_threads())
    skip();
  getter_fn g = actx_storage_run(S, "A's", bind_getter, NULL);
  pthread_t t;
  void *seen;
  assert_int_equal(pthread_create(&t, NULL, call_on_thread, (void *)g), 0);
  pthread_join(t, &seen);
  assert_string_equal(seen, "A's");
  actx_unbind((actx_fn)g);
}

/* ------------------------------------------------------------ quiet threads */

/* PROP-OBSERVE-1: once a thread's bound calls take the inline path (nothing watched it), a
 * hook enabled or an observer set by another thread must still reach its
 * next bound call, through every kind of thunk, and stop when removed. */
static atomic_int q_before_n, q_after_n, q_observed_n, q_wrong;
static int q_before(actx_id id, void *u) {
  (void)id, (void)u;
  atomic_fetch_add(&q_before_n, 1);
  return 0;
}
static int q_after(actx_id id, void *u) {
  (void)id, (void)u;
  atomic_fetch_add(&q_after_n, 1);
  return 0;
}
static void q_observer(actx_frame *from, actx_frame *to, void *u) {
  (void)from, (void)to, (void)u;
  atomic_fetch_add(&q_observed_n, 1);
}
static int q_target(int x) {
  const char *v = actx_storage_get(S);
  if (!v || strcmp(v, "q") != 0)
    atomic_fetch_add(&q_wrong, 1);
  return x + 1;
}
static int q_box_target(void *d, int x) {
  if (d != &q_wrong)
    atomic_fetch_add(&q_wrong, 1);
  return q_target(x);
}
ACTX_THUNK(q_thunk_tls, int, (int x), (x))
ACTX_THUNK_R(q_thunk_reg, 1, int, (int x), (x))
ACTX_BOX_THUNK(q_box_thunk, int, (void *d, int x), (d, x), 0)

struct quiet_ctl {
  pthread_barrier_t bar;
  int (*fn[3])(int);
  void *box;
};
static void q_call_all(struct quiet_ctl *q) {
  for (int i = 0; i < 3; i++)
    if (q->fn[i](i) != i + 1)
      atomic_fetch_add(&q_wrong, 1);
  if (q_box_thunk(q->box, 7) != 8)
    atomic_fetch_add(&q_wrong, 1);
  if (actx_storage_get(S) != NULL)
    atomic_fetch_add(&q_wrong, 1);
}
static void *quiet_thread(void *arg) {
  struct quiet_ctl *q = arg;
  q_call_all(q); /* the first calls take the slow path; then the thread is quiet */
  q_call_all(q);
  pthread_barrier_wait(&q->bar); /* quiet now */
  for (int phase = 0; phase < 3; phase++) {
    pthread_barrier_wait(&q->bar); /* the main thread changed what is watched */
    q_call_all(q);
    pthread_barrier_wait(&q->bar);
  }
  return NULL;
}
static void *q_make(void *arg) {
  struct quiet_ctl *q = arg;
  q->fn[0] = ACTX_BIND(q_target);
  q->fn[1] = ACTX_BIND_T(q_thunk_tls, q_target);
  q->fn[2] = ACTX_BIND_T(q_thunk_reg, q_target);
  q->box = ACTX_BOX_FOREVER(q_box_target, &q_wrong);
  return NULL;
}
static void quiet_thread_sees_hook_and_observer(void **state) {
  (void)state;
  if (bind_test_no_threads())
    skip();
  struct quiet_ctl q;
  actx_storage_run(S, "q", q_make, &q);
  pthread_barrier_init(&q.bar, NULL, 2);
  atomic_store(&q_before_n, 0);
  atomic_store(&q_after_n, 0);
  atomic_store(&q_observed_n, 0);
  atomic_store(&q_wrong, 0);
  pthread_t t;
  assert_int_equal(pthread_create(&t, NULL, quiet_thread, &q), 0);
  pthread_barrier_wait(&q.bar);
  assert_int_equal(atomic_load(&q_before_n), 0);

  actx_hook_callbacks cbs = {.before = q_before, .after = q_after};
  actx_hook *h = actx_hook_enable(actx_hook_new(&cbs, NULL));
  pthread_barrier_wait(&q.bar); /* phase 0: with the hook */
  pthread_barrier_wait(&q.bar);
  assert_int_equal(atomic_load(&q_before_n), 4);
  assert_int_equal(atomic_load(&q_after_n), 4);

  actx_hook_free(h);
  actx_set_frame_observer(q_observer, NULL);
  pthread_barrier_wait(&q.bar); /* phase 1: hook gone, observer set */
  pthread_barrier_wait(&q.bar);
  assert_int_equal(atomic_load(&q_before_n), 4);
  assert_int_equal(atomic_load(&q_observed_n), 8); /* entry and exit of 4 calls */

  actx_set_frame_observer(NULL, NULL);
  pthread_barrier_wait(&q.bar); /* phase 2: nothing watches again */
  pthread_barrier_wait(&q.bar);
  assert_int_equal(atomic_load(&q_observed_n), 8);
  assert_int_equal(atomic_load(&q_before_n), 4);

  pthread_join(t, NULL);
  assert_int_equal(atomic_load(&q_wrong), 0);
  pthread_barrier_destroy(&q.bar);
  for (int i = 0; i < 3; i++)
    assert_int_equal(actx_unbind((actx_fn)q.fn[i]), 0);
  assert_int_equal(actx_box_free(q.box), 0);
}

static void *thread_start(void *arg) {
  (void)arg;
  return actx_storage_get(S);
}
static void *spawn_two(void *arg) {
  pthread_t *t = arg;
  pthread_create(&t[0], NULL, thread_start, NULL);
  pthread_create(&t[1], NULL, ACTX_ONCE(thread_start), NULL);
  return NULL;
}
static void new_thread_frames(void **state) {
  (void)state;
  if (bind_test_no_threads())
    skip();
  pthread_t t[2];
  void *r0, *r1;
  size_t live = actx_live_resources();
  actx_storage_run(S, "parent", spawn_two, t);
  pthread_join(t[0], &r0);
  pthread_join(t[1], &r1);
  assert_null(r0);
  assert_string_equal(r1, "parent");
  assert_int_equal(actx_live_resources(), live);
}

/* ------------------------------------------------------------ lifetimes */

/* BIND-LIFE-2, HOOK-LIFE-1 */
static void once_lifetime(void **state) {
  (void)state;
  struct ev_log l;
  char buf[EV_MAX + 1];
  actx_hook *h = ev_hook(&l);
  int (*b)(int, int, int) = ACTX_ONCE(add3);
  actx_id id = actx_resource_async_id(actx_bound_resource((actx_fn)b));
  assert_int_equal(b(4, 5, 6), 456);
  assert_null(actx_bound_resource((actx_fn)b)); /* gone */
  actx_hook_free(h);
  assert_string_equal(ev_seq(&l, id, buf), "ibad");
}

/* BIND-LIFE-4 */
static int ticks;
static int tick(int stop_at) {
  return ++ticks < stop_at;
}

static void until_false_lifetime(void **state) {
  (void)state;
  ticks = 0;
  int (*b)(int) = ACTX_UNTIL_FALSE(tick);
  assert_true(b(3));
  assert_true(b(3));
  assert_non_null(actx_bound_resource((actx_fn)b));
  assert_false(b(3)); /* returned FALSE: released after this call */
  assert_null(actx_bound_resource((actx_fn)b));
}

/* BIND-LIFE-1 */
static void forever_lifetime(void **state) {
  (void)state;
  getter_fn g = ACTX_FOREVER(get_s);
  for (int i = 0; i < 3; i++)
    g();
  assert_non_null(actx_bound_resource((actx_fn)g));
  assert_int_equal(actx_unbind((actx_fn)g), 0); /* still releasable by hand */
}

/* BIND-LIFE-3 */
static void keyed_lifetime(void **state) {
  (void)state;
  int key1, key2;
  size_t live = actx_live_resources();
  getter_fn a = ACTX_KEYED(get_s, &key1, "timer");
  getter_fn b = ACTX_KEYED(get_s, &key1, "read");
  getter_fn c = ACTX_KEYED(get_s, &key2, "timer");
  assert_int_equal(actx_live_resources(), live + 3);
  /* re-registering (key1, "timer") with the same function in the same
   * context hands back the same binding (test-bind-keyed.c: the rest) */
  char slot[] = "timer"; /* compared by content */
  getter_fn a2 = ACTX_KEYED(get_s, &key1, slot);
  assert_ptr_equal(a2, a);
  assert_int_equal(actx_live_resources(), live + 3);
  assert_int_equal(actx_release_slot(&key1, "read"), 1);
  assert_null(actx_bound_resource((actx_fn)b));
  assert_int_equal(actx_release_slot(&key1, "read"), 0);
  assert_int_equal(actx_release_key(&key1), 1);
  assert_null(actx_bound_resource((actx_fn)a2));
  assert_non_null(actx_bound_resource((actx_fn)c));
  assert_int_equal(actx_unbind((actx_fn)c), 0); /* manual release forgets the key */
  assert_int_equal(actx_release_key(&key2), 0);
  assert_int_equal(actx_live_resources(), live);
  assert_int_equal(actx_release_key(NULL), 0);
}

/* BIND-LIFE-3: many keys: the registry grows and every (key, slot) stays findable. */
#define NKEYS 5000
static void keyed_many(void **state) {
  (void)state;
  static char keys[NKEYS];
  size_t live = actx_live_resources();
  for (int i = 0; i < NKEYS; i++) {
    (void)ACTX_KEYED(get_s, &keys[i], "a");
    (void)ACTX_KEYED(get_s, &keys[i], "b");
  }
  assert_int_equal(actx_live_resources(), live + 2 * NKEYS);
  /* re-registering the same function hands back the binding: still 2 per key */
  for (int i = 0; i < NKEYS; i++)
    (void)ACTX_KEYED(get_s, &keys[i], "a");
  assert_int_equal(actx_live_resources(), live + 2 * NKEYS);
  for (int i = 0; i < NKEYS; i += 2)
    assert_int_equal(actx_release_slot(&keys[i], "b"), 1);
  for (int i = 0; i < NKEYS; i++)
    assert_int_equal(actx_release_key(&keys[i]), i % 2 ? 2 : 1);
  assert_int_equal(actx_live_resources(), live);
}

/* BIND-LIFE-5: release while running: deferred until the call returns. */
static void (*self_ref)(int);
static int self_destroyed_during;
static struct ev_log *self_log;
static void releases_itself(int key) {
  int n0 = self_log->n;
  if (key)
    assert_int_equal(actx_release_key(&self_ref), 1);
  else
    assert_int_equal(actx_unbind((actx_fn)self_ref), 0);
  /* Still running in its context; no destroy yet. */
  for (int i = n0; i < self_log->n; i++)
    self_destroyed_during |= self_log->kind[i] == 'd';
  assert_non_null(actx_execution_async_resource());
  assert_int_equal(actx_unbind((actx_fn)self_ref), ACTX_EINVAL); /* already released */
}

static void release_while_running_is_deferred(void **state) {
  (void)state;
  struct ev_log l;
  char buf[EV_MAX + 1];
  self_log = &l;
  actx_hook *h = ev_hook(&l);
  for (int key = 0; key < 2; key++) {
    self_destroyed_during = 0;
    self_ref = key ? ACTX_KEYED(releases_itself, &self_ref, "self") : ACTX_BIND(releases_itself);
    actx_id id = actx_resource_async_id(actx_bound_resource((actx_fn)self_ref));
    self_ref(key);
    assert_false(self_destroyed_during);
    assert_null(actx_bound_resource((actx_fn)self_ref));
    assert_string_equal(ev_seq(&l, id, buf), "ibad");
  }
  actx_hook_free(h);
}

/* BIND-LIFE-3: a keyed callback re-registering its own slot (a timer re-arming itself):
 * the same function in the same context gets the same binding back. */
static int rearms;
static void (*rearm_cur)(void);
static void rearm(void) {
  if (++rearms < 3)
    rearm_cur = ACTX_KEYED(rearm, &rearms, "timer");
}
static void keyed_rearm_from_callback(void **state) {
  (void)state;
  size_t live = actx_live_resources();
  rearms = 0;
  rearm_cur = ACTX_KEYED(rearm, &rearms, "timer");
  void (*first)(void) = rearm_cur;
  while (rearms < 3)
    rearm_cur();
  assert_ptr_equal(rearm_cur, first);
  assert_int_equal(actx_live_resources(), live + 1);
  assert_int_equal(actx_release_key(&rearms), 1);
  assert_int_equal(actx_live_resources(), live);
}

static void call_released(void *arg) {
  ((getter_fn)arg)();
}

static void stale_call_is_fatal(void **state) {
  (void)state;
  if (bind_test_no_threads())
    skip(); /* fork is a clone too */
  getter_fn g = ACTX_BIND(get_s);
  actx_unbind((actx_fn)g);
  int st = in_child(call_released, (void *)g);
  assert_true(WIFEXITED(st));
  assert_int_equal(WEXITSTATUS(st), 1);
  /* The stub is reused by a later binding: it never reaches the old one. */
  actx_storage_enter_with(S2, "new");
  getter_fn g2 = ACTX_BIND(get_s2);
  actx_storage_enter_with(S2, NULL);
  if ((actx_fn)g2 == (actx_fn)g)
    assert_string_equal(g(), "new");
  actx_unbind((actx_fn)g2);
}

/* ------------------------------------------------------------ signals */

static getter_fn sig_bound;
static void *volatile sig_seen;
static void on_signal(int sig) {
  (void)sig;
  sig_seen = sig_bound();
}

static void call_from_signal_handler(void **state) {
  (void)state;
  static char bound_store[] = "bound";
  sig_bound = actx_storage_run(S, bound_store, bind_getter, NULL);
  struct sigaction sa = {.sa_handler = on_signal};
  sigemptyset(&sa.sa_mask);
  assert_int_equal(sigaction(SIGUSR1, &sa, NULL), 0);
  static const char main_store[] = "main";
  actx_storage_enter_with(S, (void *)main_store);
  raise(SIGUSR1);
  assert_ptr_equal(sig_seen, bound_store);
  assert_ptr_equal(actx_storage_get(S), main_store);
  actx_storage_enter_with(S, NULL);
  signal(SIGUSR1, SIG_DFL);
  actx_unbind((actx_fn)sig_bound);
}

/* ------------------------------------------------------------ longjmp */

/* HOOK-CORRUPT-1: a longjmp out of a bound call is fatal at the next scope end. */
static jmp_buf jb;
static void jumps_out(void) {
  longjmp(jb, 1);
}
static void longjmp_then_scope_end(void *arg) {
  (void)arg;
  void (*b)(void) = ACTX_BIND(jumps_out);
  actx_scope sc;
  actx_storage_scope_begin(&sc, S, "x");
  if (setjmp(jb) == 0)
    b();
  actx_scope_end(&sc); /* the bound call's scope is still innermost: fatal */
}

static void longjmp_out_is_fatal_at_next_scope_end(void **state) {
  (void)state;
  if (bind_test_no_threads())
    skip(); /* fork is a clone too */
  /* The core's corruption message reads the abandoned scope, which lies below
   * the stack pointer after the longjmp: memcheck reports that read and
   * changes the child's exit status. */
  if (bind_test_under_valgrind())
    skip();
  int st = in_child(longjmp_then_scope_end, NULL);
  assert_true(WIFEXITED(st));
  assert_int_equal(WEXITSTATUS(st), 1);
}

/* ------------------------------------------------------------ allocation failures */

void actx__test_fail_alloc_after(long n); /* white-box: runtime/internal.h */

static void allocation_failures(void **state) {
  (void)state;
  int key;
  size_t live = actx_live_resources();
  size_t fails = actx_bind_failures();
  /* A keyed binding whose registry entry cannot be allocated is undone. */
  actx__test_fail_alloc_after(1);
  errno = 0;
  actx_bind_options o = {.lifetime = ACTX_LIFE_KEYED, .key = &key, .slot = "s"};
  assert_null(actx_bind_with((actx_fn)get_s, &o));
  assert_int_equal(errno, ENOMEM);
  getter_fn g = ACTX_KEYED(get_s, &key, "s");
  assert_ptr_equal(g, get_s); /* the macro falls back, and counts it */
  assert_int_equal(actx_bind_failures(), fails + 1);
  errno = 0;
  assert_null(actx_box_new((actx_fn)get_s, NULL, NULL));
  assert_int_equal(errno, ENOMEM);
  actx__test_fail_alloc_after(0);
  assert_int_equal(actx_live_resources(), live);
  assert_int_equal(actx_release_key(&key), 0);
  /* and everything works again */
  g = ACTX_KEYED(get_s, &key, "s");
  assert_ptr_not_equal(g, get_s);
  assert_int_equal(actx_release_key(&key), 1);
}

/* ------------------------------------------------------------ memory */

static void bind_unbind_loop_flat_rss(void **state) {
  (void)state;
  for (int i = 0; i < 10000; i++)
    actx_unbind((actx_fn)ACTX_BIND(get_s));
  long before = rss_kb();
  size_t live = actx_live_resources();
  for (int i = 0; i < 1000000; i++) {
    getter_fn g = ACTX_BIND(get_s);
    if (i % 1000 == 0)
      g();
    actx_unbind((actx_fn)g);
  }
  long after = rss_kb();
  assert_int_equal(actx_live_resources(), live);
  assert_true(after - before < 512); /* KiB */
}

int main(void) {
  int rc = bind_test_mdwe();
  if (rc)
    return rc;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(bind_null_and_invalid),
      cmocka_unit_test(bind_forwards_args_and_result),
      cmocka_unit_test(bound_in_run_called_after),
      cmocka_unit_test(enter_with_in_callback),
      cmocka_unit_test(two_storages),
      cmocka_unit_test(snapshot_sees_capture),
      cmocka_unit_test(one_worker_pool),
      cmocka_unit_test(concurrent_registrations),
      cmocka_unit_test(handle_in_run),
      cmocka_unit_test(observer_on_entry),
      cmocka_unit_test(store_release_follows_bindings),
      cmocka_unit_test(lifecycle_and_ids),
      cmocka_unit_test(timer_chain_ids),
      cmocka_unit_test(resource_bind_uses_resource),
      cmocka_unit_test(bind_bound_pointer),
      cmocka_unit_test(other_thread_runs_in_binders_frame),
      cmocka_unit_test(new_thread_frames),
      cmocka_unit_test(quiet_thread_sees_hook_and_observer),
      cmocka_unit_test(once_lifetime),
      cmocka_unit_test(until_false_lifetime),
      cmocka_unit_test(forever_lifetime),
      cmocka_unit_test(keyed_lifetime),
      cmocka_unit_test(keyed_many),
      cmocka_unit_test(release_while_running_is_deferred),
      cmocka_unit_test(keyed_rearm_from_callback),
      cmocka_unit_test(stale_call_is_fatal),
      cmocka_unit_test(call_from_signal_handler),
      cmocka_unit_test(longjmp_out_is_fatal_at_next_scope_end),
      cmocka_unit_test(allocation_failures),
      cmocka_unit_test(bind_unbind_loop_flat_rss),
  };
  return cmocka_run_group_tests(tests, storage_setup, storage_teardown);
}
