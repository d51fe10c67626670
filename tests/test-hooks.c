/* test-hooks.c -- resources and async hooks: the RES- and HOOK- requirements of
 * docs/conformance.md.
 *
 * Each hook appends (hook letter, event, id) to one log; tests compare the log
 * with what Node's own tests expect.
 */
#include "test.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>

struct event {
  char hook; /* 'A', 'B', ... */
  char what; /* 'i'nit 'b'efore 'a'fter 'd'estroy 'r'esolve */
  actx_id id;
};

static struct event log_[256];
static int nlog;
static actx_resource *init_resource[64]; /* resource seen by init, by id % 64 */

static void record(void *user, char what, actx_id id) {
  assert_true(nlog < 256);
  log_[nlog++] = (struct event){*(const char *)user, what, id};
}

static int on_init(actx_id id, const char *type, actx_id trigger, actx_resource *r, void *user) {
  (void)type;
  (void)trigger;
  init_resource[id % 64] = r;
  record(user, 'i', id);
  return 0;
}
static int on_before(actx_id id, void *user) {
  record(user, 'b', id);
  return 0;
}
static int on_after(actx_id id, void *user) {
  record(user, 'a', id);
  return 0;
}
static int on_destroy(actx_id id, void *user) {
  record(user, 'd', id);
  return 0;
}
static int on_resolve(actx_id id, void *user) {
  record(user, 'r', id);
  return 0;
}

static const actx_hook_callbacks all_cbs = {on_init, on_before, on_after, on_destroy, on_resolve};

/* Counts the log entries of one hook and event, optionally for one id. */
static int count(char hook, char what, actx_id id) {
  int n = 0;
  for (int i = 0; i < nlog; i++)
    if (log_[i].hook == hook && log_[i].what == what && (!id || log_[i].id == id))
      n++;
  return n;
}

/* The log as a string of hook+event pairs, e.g. "AiBiAb". */
static const char *trace(void) {
  static char buf[600];
  int n = 0;
  for (int i = 0; i < nlog; i++) {
    buf[n++] = log_[i].hook;
    buf[n++] = log_[i].what;
  }
  buf[n] = '\0';
  return buf;
}

static int reset(void **state) {
  (void)state;
  nlog = 0;
  return 0;
}

static void *nothing(void *arg) {
  return arg;
}

/* RES-NEW-1, RES-NEW-2, RES-NEW-3: constructor arguments. */
static void resource_constructor_errors(void **state) {
  (void)state;
  errno = 0;
  assert_null(actx_resource_new(NULL, NULL));
  assert_int_equal(errno, EINVAL);
  actx_resource *r = actx_resource_new("", NULL); /* fine: nobody listens */
  assert_non_null(r);
  actx_resource_release(r);
  actx_hook *h = actx_hook_enable(actx_hook_new(&all_cbs, "A"));
  errno = 0;
  assert_null(actx_resource_new("", NULL));
  assert_int_equal(errno, EINVAL);
  r = actx_resource_new("X", &(actx_resource_options){.trigger_async_id = 12345});
  assert_int_equal(actx_resource_trigger_async_id(r), 12345);
  actx_resource_release(r);
  actx_hook_free(h);
  assert_null(actx_resource_run(NULL, nothing, NULL));
  assert_int_equal(actx_resource_emit_destroy(NULL), ACTX_EINVAL);
  assert_int_equal(actx_resource_emit_resolve(NULL), ACTX_EINVAL);
  assert_int_equal(actx_resource_async_id(NULL), 0);
}

/* RES-INIT-1: default trigger, init exactly once with the right arguments. */
static actx_id init_trigger;
static const char *init_type;
static int capture_init(actx_id id, const char *type, actx_id trigger, actx_resource *r,
                        void *user) {
  (void)r;
  record(user, 'i', id);
  init_trigger = trigger;
  init_type = type;
  return 0;
}
static void init_once_with_default_trigger(void **state) {
  (void)state;
  actx_hook *h = actx_hook_enable(actx_hook_new(&(actx_hook_callbacks){.init = capture_init}, "A"));
  actx_resource *r = actx_resource_new("EMBEDDER", NULL);
  assert_int_equal(count('A', 'i', 0), 1);
  assert_int_equal(log_[0].id, actx_resource_async_id(r));
  assert_int_equal(init_trigger, actx_execution_async_id());
  assert_int_equal(init_trigger, 1);
  assert_string_equal(init_type, "EMBEDDER");
  assert_string_equal(actx_resource_type(r), "EMBEDDER");
  assert_true(actx_resource_async_id(r) != actx_resource_trigger_async_id(r));
  actx_hook_free(h);
  actx_resource_release(r);
  assert_int_equal(nlog, 1);
}

/* RES-RUN-1, RES-EXEC-1: execution/trigger ids inside run, restored after each of 1000
 * nested runs; no execution resource at top level. */
static actx_resource *chain[1000];
static void *nested_runs(void *arg) {
  uintptr_t i = UINT(arg);
  assert_int_equal(actx_execution_async_id(), actx_resource_async_id(chain[i]));
  assert_int_equal(actx_trigger_async_id(), actx_resource_trigger_async_id(chain[i]));
  if (i + 1 < 1000) {
    actx_resource_run(chain[i + 1], nested_runs, PTR(i + 1));
    assert_int_equal(actx_execution_async_id(), actx_resource_async_id(chain[i]));
    assert_int_equal(actx_trigger_async_id(), actx_resource_trigger_async_id(chain[i]));
  }
  return NULL;
}
static void ids_inside_nested_runs(void **state) {
  (void)state;
  for (int i = 0; i < 1000; i++)
    chain[i] = actx_resource_new("R", NULL);
  assert_int_equal(actx_execution_async_id(), 1);
  assert_int_equal(actx_trigger_async_id(), 0);
  actx_resource_run(chain[0], nested_runs, PTR(0));
  assert_int_equal(actx_execution_async_id(), 1);
  assert_int_equal(actx_trigger_async_id(), 0);
  assert_null(actx_execution_async_resource());
  for (int i = 0; i < 1000; i++)
    actx_resource_release(chain[i]);
}

/* RES-EXEC-1: executionAsyncResource matches init's pointer; data attached sticks. */
static int mismatches;
static int check_resource(actx_id id, void *user) {
  (void)user;
  if (actx_execution_async_resource() != init_resource[id % 64])
    mismatches++;
  if (actx_execution_async_id() != id)
    mismatches++;
  return 0;
}
static void *attach_data(void *arg) {
  actx_resource_set_data(actx_execution_async_resource(), arg);
  return actx_execution_async_resource();
}
static void execution_resource_matches(void **state) {
  (void)state;
  actx_hook *h = actx_hook_enable(actx_hook_new(
      &(actx_hook_callbacks){.init = on_init, .before = check_resource, .after = check_resource},
      "A"));
  actx_resource *r = actx_resource_new("R", NULL);
  assert_ptr_equal(actx_resource_run(r, attach_data, PTR(5)), r);
  assert_ptr_equal(actx_resource_data(r), PTR(5));
  assert_int_equal(mismatches, 0);
  actx_hook_free(h);
  actx_resource_release(r);
}

/* RES-DESTROY-1, RES-DESTROY-2: emit_destroy from inside destroy is processed; no double
 * destroy. */
static actx_resource *second;
static int destroy_then_chain(actx_id id, void *user) {
  record(user, 'd', id);
  if (second) {
    actx_resource *s = second;
    second = NULL;
    assert_int_equal(actx_resource_emit_destroy(s), 0);
  }
  return 0;
}
static void destroy_inside_destroy(void **state) {
  (void)state;
  actx_hook *h =
      actx_hook_enable(actx_hook_new(&(actx_hook_callbacks){.destroy = destroy_then_chain}, "A"));
  actx_resource *a = actx_resource_new("A", NULL);
  actx_resource *b = second = actx_resource_new("B", NULL);
  assert_int_equal(actx_resource_emit_destroy(a), 0);
  assert_int_equal(count('A', 'd', actx_resource_async_id(a)), 1);
  assert_int_equal(count('A', 'd', actx_resource_async_id(b)), 1);
  assert_int_equal(actx_resource_emit_destroy(a), ACTX_EALREADY);
  assert_int_equal(actx_resource_emit_destroy(b), ACTX_EALREADY);
  assert_int_equal(actx_resource_emit_resolve(a), ACTX_EALREADY);
  actx_resource_release(a); /* no second destroy */
  actx_resource_release(b);
  assert_int_equal(count('A', 'd', 0), 2);
  actx_hook_free(h);
}

/* RES-RELEASE-1: release emits destroy once, unless manual; retain defers it. */
static void release_emits_destroy(void **state) {
  (void)state;
  actx_hook *h = actx_hook_enable(actx_hook_new(&all_cbs, "A"));
  actx_resource *r = actx_resource_new("AUTO", NULL);
  actx_id id = actx_resource_async_id(r);
  actx_resource_retain(r);
  actx_resource_release(r);
  assert_int_equal(count('A', 'd', id), 0);
  actx_resource_release(r);
  assert_int_equal(count('A', 'd', id), 1);
  r = actx_resource_new("MANUAL", &(actx_resource_options){.require_manual_destroy = true});
  id = actx_resource_async_id(r);
  actx_resource_release(r);
  assert_int_equal(count('A', 'd', id), 0);
  r = actx_resource_new("FUTURE", NULL);
  assert_int_equal(actx_resource_emit_resolve(r), 0);
  assert_int_equal(count('A', 'r', actx_resource_async_id(r)), 1);
  actx_resource_release(r);
  actx_hook_free(h);
}

/* HOOK-ENABLE-1: empty hooks; enable/disable return the hook and are idempotent. */
static void enable_disable_idempotent(void **state) {
  (void)state;
  actx_hook *empty = actx_hook_new(NULL, NULL);
  assert_ptr_equal(actx_hook_enable(empty), empty);
  actx_hook *h = actx_hook_new(&all_cbs, "A");
  assert_ptr_equal(actx_hook_enable(h), h);
  assert_ptr_equal(actx_hook_enable(h), h);
  actx_resource *r = actx_resource_new("R", NULL);
  assert_int_equal(count('A', 'i', 0), 1); /* registered once */
  assert_ptr_equal(actx_hook_disable(h), h);
  assert_ptr_equal(actx_hook_disable(h), h);
  actx_resource_release(r);
  assert_int_equal(count('A', 'd', 0), 0);
  assert_null(actx_hook_enable(NULL));
  assert_null(actx_hook_disable(NULL));
  actx_hook_free(h);
  actx_hook_free(empty);
  actx_hook_free(NULL);
}

/* Order and changes during dispatch. */
static actx_hook *hB, *hC;

/* HOOK-ORDER-2: enabled inside another hook's before: after and destroy only. */
static int enable_b_in_before(actx_id id, void *user) {
  record(user, 'b', id);
  actx_hook_enable(hB);
  return 0;
}
static void enabled_in_before_gets_after(void **state) {
  (void)state;
  actx_hook *hA = actx_hook_enable(actx_hook_new(
      &(actx_hook_callbacks){on_init, enable_b_in_before, on_after, on_destroy, NULL}, "A"));
  hB = actx_hook_new(&all_cbs, "B");
  actx_resource *r = actx_resource_new("R", NULL);
  actx_resource_run(r, nothing, NULL);
  actx_resource_release(r);
  /* A sees everything; B, enabled in A's before, misses init and before. */
  assert_string_equal(trace(), "AiAbAaBaAdBd");
  actx_hook_free(hA);
  actx_hook_free(hB);
}

/* HOOK-ORDER-3: disabled inside another hook's before: nothing after that before. */
static int disable_b_in_before(actx_id id, void *user) {
  record(user, 'b', id);
  actx_hook_disable(hB);
  return 0;
}
static void disabled_in_before_misses_after(void **state) {
  (void)state;
  actx_hook *hA = actx_hook_enable(actx_hook_new(
      &(actx_hook_callbacks){on_init, disable_b_in_before, on_after, on_destroy, NULL}, "A"));
  hB = actx_hook_enable(actx_hook_new(&all_cbs, "B"));
  actx_resource *r = actx_resource_new("R", NULL);
  actx_resource_run(r, nothing, NULL);
  actx_resource_release(r);
  /* B still gets the before being dispatched, then nothing. */
  assert_string_equal(trace(), "AiBiAbBbAaAd");
  actx_hook_free(hA);
  actx_hook_free(hB);
}

/* HOOK-ORDER-1, HOOK-ORDER-4: enable order; a hook disabling itself in after. */
static int disable_self_in_after(actx_id id, void *user) {
  record(user, 'a', id);
  actx_hook_disable(hB);
  return 0;
}
static void disabled_self_in_after(void **state) {
  (void)state;
  actx_hook *hA = actx_hook_enable(actx_hook_new(&all_cbs, "A"));
  hB = actx_hook_enable(actx_hook_new(
      &(actx_hook_callbacks){on_init, on_before, disable_self_in_after, on_destroy, NULL}, "B"));
  hC = actx_hook_enable(actx_hook_new(&all_cbs, "C"));
  actx_resource *r = actx_resource_new("R", NULL);
  actx_resource_run(r, nothing, NULL);
  actx_resource_release(r);
  /* Enable order; B gets no destroy; C still gets that after. */
  assert_string_equal(trace(), "AiBiCiAbBbCbAaBaCaAdCd");
  actx_hook_free(hA);
  actx_hook_free(hB);
  actx_hook_free(hC);
}

/* HOOK-DEFER-1: enabled inside init: takes effect after the outermost dispatch. */
static actx_resource *nested_in_init;
static bool nesting;
static int enable_c_and_nest(actx_id id, const char *type, actx_id trigger, actx_resource *r,
                             void *user) {
  (void)type;
  (void)trigger;
  (void)r;
  record(user, 'i', id);
  if (!nesting) {
    nesting = true;
    actx_hook_enable(hC);
    /* A resource created inside the dispatch: still the old hook set. */
    nested_in_init = actx_resource_new("NESTED", NULL);
  }
  return 0;
}
static void enable_in_init_applies_after_dispatch(void **state) {
  (void)state;
  actx_hook *hA =
      actx_hook_enable(actx_hook_new(&(actx_hook_callbacks){.init = enable_c_and_nest}, "A"));
  hC = actx_hook_new(&all_cbs, "C");
  actx_resource *r = actx_resource_new("OUTER", NULL);
  assert_string_equal(trace(), "AiAi");
  actx_resource *later = actx_resource_new("LATER", NULL);
  assert_string_equal(trace(), "AiAiAiCi");
  actx_resource_release(r);
  actx_resource_release(nested_in_init);
  actx_resource_release(later);
  actx_hook_free(hA);
  actx_hook_free(hC);
  nested_in_init = NULL;
  nesting = false;
}

/* HOOK-LATE-1: enabled inside a running callback: its after and destroy, no before. */
static void *enable_c_inside(void *arg) {
  (void)arg;
  actx_hook_enable(hC);
  return NULL;
}
static void late_enable_gets_after_and_destroy(void **state) {
  (void)state;
  hC = actx_hook_new(&all_cbs, "C");
  actx_resource *r = actx_resource_new("R", NULL);
  actx_resource_run(r, enable_c_inside, NULL);
  actx_resource_release(r);
  assert_string_equal(trace(), "CaCd");
  actx_hook_free(hC);
}

/* HOOK-LIFE-1, HOOK-TRIGGER-1, HOOK-TRIGGER-2: lifecycle order and trigger chains. */
static actx_resource *child1, *child2;
static void *spawn_children(void *arg) {
  (void)arg;
  child1 = actx_resource_new("C1", NULL);
  child2 = actx_resource_new("C2", NULL);
  return NULL;
}
static void lifecycle_and_triggers(void **state) {
  (void)state;
  actx_hook *h = actx_hook_enable(actx_hook_new(&all_cbs, "A"));
  actx_resource *p = actx_resource_new("PARENT", NULL);
  actx_resource_run(p, spawn_children, NULL);
  assert_int_equal(actx_resource_trigger_async_id(child1), actx_resource_async_id(p));
  assert_int_equal(actx_resource_trigger_async_id(child2), actx_resource_async_id(p));
  actx_resource_release(child2);
  /* A chain: each created inside the previous one's run. */
  actx_resource *c = child1;
  for (int i = 0; i < 3; i++) {
    actx_resource *prev = c;
    actx_resource_run(prev, spawn_children, NULL);
    assert_int_equal(actx_resource_trigger_async_id(child1), actx_resource_async_id(prev));
    actx_resource_release(child2);
    c = child1;
    actx_resource_release(prev);
  }
  actx_resource_release(c);
  actx_resource_release(p);
  /* Every resource: i < b < a < d, each once. */
  for (int i = 0; i < nlog; i++) {
    if (log_[i].what != 'i')
      continue;
    actx_id id = log_[i].id;
    int pos[4] = {-1, -1, -1, -1};
    const char *order = "ibad";
    for (int j = 0; j < nlog; j++)
      if (log_[j].id == id) {
        int k = (int)(strchr(order, log_[j].what) - order);
        assert_int_equal(pos[k], -1); /* once */
        pos[k] = j;
      }
    assert_true(pos[3] > pos[0]);
    if (pos[1] >= 0)
      assert_true(pos[0] < pos[1] && pos[1] < pos[2] && pos[2] < pos[3]);
    else
      assert_int_equal(pos[2], -1);
  }
  actx_hook_free(h);
}

/* HOOK-FATAL-1, HOOK-FATAL-2: a failing hook is fatal: exit 1 and a message naming the hook, or
 * abort() when asked. */
static int fail_before(actx_id id, void *user) {
  (void)id;
  (void)user;
  return 7;
}
static void child_failing_hook(void *arg) {
  if (arg)
    setenv("ACTX_ABORT_ON_HOOK_ERROR", "1", 1);
  actx_hook_enable(actx_hook_new(&(actx_hook_callbacks){.before = fail_before}, NULL));
  actx_resource *r = actx_resource_new("R", NULL);
  actx_resource_run(r, nothing, NULL);
}
static void failing_hook_is_fatal(void **state) {
  (void)state;
  expect_child(child_failing_hook, NULL, 1, "before hook #1");
  expect_child(child_failing_hook, PTR(1), -SIGABRT, "failed with 7");
}

/* HOOK-CORRUPT-1: scopes ended out of order are fatal. */
static void child_out_of_order(void *arg) {
  (void)arg;
  actx_resource *a = actx_resource_new("A", NULL), *b = actx_resource_new("B", NULL);
  actx_scope sa, sb;
  actx_resource_scope_begin(&sa, a);
  actx_resource_scope_begin(&sb, b);
  actx_scope_end(&sa); /* outer before inner */
}
static void child_longjmp_out(void *arg) {
  (void)arg;
  actx_resource *a = actx_resource_new("A", NULL), *b = actx_resource_new("B", NULL);
  actx_scope sa, sb;
  actx_resource_scope_begin(&sa, a);
  actx_resource_scope_begin(&sb, b); /* never ended, as if longjmp'd over */
  actx_scope_end(&sa);
}
static void out_of_order_scopes_are_fatal(void **state) {
  (void)state;
  expect_child(child_out_of_order, NULL, 1, "async hook stack has become corrupted");
  expect_child(child_longjmp_out, NULL, 1, "async hook stack has become corrupted");
  /* In order is fine, and with hooks the events pair up. */
  actx_hook *h = actx_hook_enable(actx_hook_new(&all_cbs, "A"));
  actx_resource *a = actx_resource_new("A", NULL);
  actx_scope sc;
  assert_int_equal(actx_resource_scope_begin(&sc, a), 0);
  assert_int_equal(actx_execution_async_id(), actx_resource_async_id(a));
  actx_scope_end(&sc);
  actx_scope_end(&sc);
  assert_int_equal(actx_execution_async_id(), 1);
  assert_string_equal(trace(), "AiAbAa");
  assert_int_equal(actx_resource_scope_begin(&sc, NULL), ACTX_EINVAL);
  actx_resource_release(a);
  actx_hook_free(h);
}

/* HOOK-THREAD-1: threads that exit while hooks are active leave no corruption. */
static void *thread_body(void *arg) {
  (void)arg;
  for (int i = 0; i < 50; i++) {
    actx_resource *r = actx_resource_new("T", NULL);
    actx_resource_run(r, nothing, NULL);
    actx_resource_release(r);
  }
  return NULL;
}
static atomic_int thread_events;
static int count_event(actx_id id, void *user) {
  (void)id;
  (void)user;
  atomic_fetch_add(&thread_events, 1);
  return 0;
}
static void thread_exit_with_hooks(void **state) {
  (void)state;
  actx_hook *h = actx_hook_enable(actx_hook_new(
      &(actx_hook_callbacks){.before = count_event, .after = count_event, .destroy = count_event},
      NULL));
  pthread_t th[4];
  for (int round = 0; round < 3; round++) {
    for (int i = 0; i < 4; i++)
      assert_int_equal(pthread_create(&th[i], NULL, thread_body, NULL), 0);
    for (int i = 0; i < 4; i++)
      pthread_join(th[i], NULL);
  }
  assert_int_equal(atomic_load(&thread_events), 3 * 4 * 50 * 3);
  actx_hook_free(h);
  size_t live = actx_live_resources();
  thread_body(NULL);
  assert_int_equal(actx_live_resources(), live);
}

/* ------------------------------------------------------------ bound calls */

/* HOOK-LIFE-1 and HOOK-ORDER-1 for bound calls: with hooks enabled a bound
 * call dispatches `before` and `after` on its own path (call.c: one callback
 * without the loop, several with it, the general path for anything unusual),
 * which must keep the rules above.  Each
 * scenario calls a typed thunk, a generic stub and a box thunk; the target
 * logs 'c' under hook letter X with the execution id. */
static const char x_letter = 'X';
static int bc_target(int x) {
  record((void *)&x_letter, 'c', actx_execution_async_id());
  return x + 1;
}
static int bc_box_target(void *d, int x) {
  assert_ptr_equal(d, &nlog);
  return bc_target(x);
}
ACTX_THUNK(bc_thunk, int, (int x), (x))
ACTX_BOX_THUNK(bc_box_thunk, int, (void *d, int x), (d, x), 0)

struct bc_set {
  int (*typed)(int);
  int (*stub)(int);
  void *box;
};
static struct bc_set bc_make(void) {
  struct bc_set b = {ACTX_BIND_T(bc_thunk, bc_target), ACTX_BIND(bc_target),
                     ACTX_BOX_FOREVER(bc_box_target, &nlog)};
  assert_non_null(b.typed);
  assert_non_null(b.stub);
  assert_non_null(b.box);
  return b;
}
static void bc_free(struct bc_set *b) {
  if (b->typed)
    assert_int_equal(actx_unbind((actx_fn)b->typed), 0);
  assert_int_equal(actx_unbind((actx_fn)b->stub), 0);
  assert_int_equal(actx_box_free(b->box), 0);
}
/* Calls each binding of `b` once; the log of each call must be `want`. */
static void bc_expect_each(struct bc_set *b, const char *want) {
  for (int i = 0; i < 3; i++) {
    nlog = 0;
    int r = i == 0 ? b->typed(1) : i == 1 ? b->stub(1) : bc_box_thunk(b->box, 1);
    assert_int_equal(r, 2);
    assert_string_equal(trace(), want);
    for (int k = 1; k < nlog; k++) /* before, the call, after: one async id */
      assert_true(log_[k].id == log_[0].id);
  }
}

static void bound_calls_dispatch_hooks(void **state) {
  (void)state;
  actx_hook *hA = actx_hook_enable(actx_hook_new(&all_cbs, "A"));
  struct bc_set b = bc_make();
  bc_expect_each(&b, "AbXcAa"); /* one hook: one callback per event */
  hB = actx_hook_enable(actx_hook_new(&all_cbs, "B"));
  bc_expect_each(&b, "AbBbXcAaBa"); /* several, in enable order */
  actx_hook_free(hB);
  bc_expect_each(&b, "AbXcAa");
  actx_hook_free(hA);
  /* A hook with neither before nor after: nothing around the calls. */
  actx_hook *hD = actx_hook_enable(
      actx_hook_new(&(actx_hook_callbacks){.init = on_init, .destroy = on_destroy}, "D"));
  bc_expect_each(&b, "Xc");
  nlog = 0;
  bc_free(&b);
  assert_string_equal(trace(), "DdDdDd");
  actx_hook_free(hD);
  nlog = 0;
  b = bc_make();
  bc_expect_each(&b, "Xc"); /* none */
  bc_free(&b);
}

/* HOOK-ORDER-3 and HOOK-LATE-1 across a bound call. */
static int late_target(int x) {
  actx_hook_enable(hC);
  return bc_target(x);
}
ACTX_THUNK(late_thunk, int, (int x), (x))
static void bound_calls_hook_set_changes(void **state) {
  (void)state;
  actx_hook *hA = actx_hook_enable(actx_hook_new(
      &(actx_hook_callbacks){on_init, disable_b_in_before, on_after, on_destroy, NULL}, "A"));
  hB = actx_hook_enable(actx_hook_new(&all_cbs, "B"));
  struct bc_set b = bc_make();
  nlog = 0;
  assert_int_equal(b.typed(1), 2);
  assert_string_equal(trace(), "AbBbXcAa");
  actx_hook_free(hB);
  hB = NULL; /* A's before still disables it: now a no-op */
  /* Enabled inside the call: its after, no before. */
  hC = actx_hook_new(&all_cbs, "C");
  int (*late)(int) = ACTX_BIND_T(late_thunk, late_target);
  nlog = 0;
  assert_int_equal(late(1), 2);
  assert_string_equal(trace(), "AbXcAaCa");
  assert_int_equal(actx_unbind((actx_fn)late), 0);
  bc_free(&b);
  actx_hook_free(hA);
  actx_hook_free(hC);
}

/* A hook's `after` releasing the binding being called (BIND-LIFE-5): the
 * release is deferred to the call's end, then destroy; and one setting a
 * frame observer there: the observer sees the call's exit. */
static int (*bc_victim)(int);
static int unbind_in_after(actx_id id, void *user) {
  record(user, 'a', id);
  if (bc_victim)
    assert_int_equal(actx_unbind((actx_fn)bc_victim), 0);
  bc_victim = NULL;
  return 0;
}
static int bc_observed;
static void bc_observer(actx_frame *from, actx_frame *to, void *user) {
  (void)from;
  (void)to;
  (void)user;
  bc_observed++;
}
static int observe_in_after(actx_id id, void *user) {
  record(user, 'a', id);
  actx_set_frame_observer(bc_observer, NULL);
  return 0;
}
static void bound_calls_hook_side_effects(void **state) {
  (void)state;
  actx_hook *hA = actx_hook_enable(actx_hook_new(
      &(actx_hook_callbacks){on_init, on_before, unbind_in_after, on_destroy, NULL}, "A"));
  struct bc_set b = bc_make();
  bc_victim = b.typed;
  nlog = 0;
  assert_int_equal(b.typed(1), 2);
  assert_string_equal(trace(), "AbXcAaAd");
  assert_null(actx_bound_resource((actx_fn)b.typed));
  b.typed = NULL;
  actx_hook_free(hA);

  hA = actx_hook_enable(actx_hook_new(
      &(actx_hook_callbacks){on_init, on_before, observe_in_after, on_destroy, NULL}, "A"));
  bc_observed = 0;
  nlog = 0;
  assert_int_equal(b.stub(1), 2);
  actx_set_frame_observer(NULL, NULL);
  assert_string_equal(trace(), "AbXcAa");
  assert_int_equal(bc_observed, 1); /* leaving the call */
  bc_free(&b);
  actx_hook_free(hA);
}

/* BIND-LIFE-2 and BIND-LIFE-4 with a hook: once and until-false bindings
 * enter the lean way with their lifetime bits and still end as they should
 * (an until-false one sees its results through a typed thunk and a stub). */
static int uf_left;
static int uf_target(int x) {
  record((void *)&x_letter, 'c', actx_execution_async_id());
  return --uf_left > 0 ? x : 0;
}
ACTX_THUNK(uf_thunk, int, (int x), (x))
static void bound_calls_with_lifetimes(void **state) {
  (void)state;
  actx_hook *hA = actx_hook_enable(actx_hook_new(&all_cbs, "A"));
  nlog = 0;
  int (*once)(int) = ACTX_ONCE_T(bc_thunk, bc_target);
  assert_int_equal(once(1), 2);
  assert_string_equal(trace(), "AiAbXcAaAd");
  int (*uf[2])(int) = {ACTX_UNTIL_FALSE_T(uf_thunk, uf_target), ACTX_UNTIL_FALSE(uf_target)};
  for (int k = 0; k < 2; k++) {
    uf_left = 3;
    nlog = 0;
    assert_int_equal(uf[k](5), 5);
    assert_int_equal(uf[k](5), 5);
    assert_non_null(actx_bound_resource((actx_fn)uf[k]));
    assert_int_equal(uf[k](5), 0); /* false: released after this call */
    assert_null(actx_bound_resource((actx_fn)uf[k]));
    assert_string_equal(trace(), "AbXcAaAbXcAaAbXcAaAd");
  }
  actx_hook_free(hA);
}

/* HOOK-FATAL-1 and HOOK-CORRUPT-1 in bound calls: the failing hook is named
 * with its event and position, alone or after others; a hook that leaves a
 * scope open in `after` corrupts the stack. */
static int fail_after(actx_id id, void *user) {
  (void)id;
  (void)user;
  return 9;
}
static int open_scope_in_after(actx_id id, void *user) {
  (void)id;
  (void)user;
  static actx_scope sc;
  actx_resource_scope_begin(&sc, actx_resource_new("LEFT-OPEN", NULL));
  return 0;
}
/* The hooks each child enables, in order, and what it must die saying. */
static const struct bound_hook_case {
  bool empty_first; /* a hook with no callbacks, enabled first */
  bool with_a;      /* then hook A (all callbacks, succeeding) */
  actx_hook_callbacks last;
  const char *message;
} bound_hook_cases[] = {
    {false, false, {.after = fail_after}, "after hook #1 ("},
    {false, true, {.after = fail_after}, "after hook #2 ("},
    {true, true, {.after = fail_after}, "after hook #3 ("},
    {true, true, {.before = fail_before}, "before hook #3 ("},
    {false, true, {.after = open_scope_in_after}, "async hook stack has become corrupted"},
};
static void child_bound_call_hook(void *arg) {
  const struct bound_hook_case *k = arg;
  if (k->empty_first)
    actx_hook_enable(actx_hook_new(NULL, NULL));
  if (k->with_a)
    actx_hook_enable(actx_hook_new(&all_cbs, "A"));
  actx_hook_enable(actx_hook_new(&k->last, NULL));
  int (*t)(int) = ACTX_BIND_T(bc_thunk, bc_target);
  t(1);
}
static void bound_call_hook_failures(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof bound_hook_cases / sizeof bound_hook_cases[0]; i++)
    expect_child(child_bound_call_hook, (void *)&bound_hook_cases[i], 1,
                 bound_hook_cases[i].message);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup(resource_constructor_errors, reset),
      cmocka_unit_test_setup(init_once_with_default_trigger, reset),
      cmocka_unit_test_setup(ids_inside_nested_runs, reset),
      cmocka_unit_test_setup(execution_resource_matches, reset),
      cmocka_unit_test_setup(destroy_inside_destroy, reset),
      cmocka_unit_test_setup(release_emits_destroy, reset),
      cmocka_unit_test_setup(enable_disable_idempotent, reset),
      cmocka_unit_test_setup(enabled_in_before_gets_after, reset),
      cmocka_unit_test_setup(disabled_in_before_misses_after, reset),
      cmocka_unit_test_setup(disabled_self_in_after, reset),
      cmocka_unit_test_setup(enable_in_init_applies_after_dispatch, reset),
      cmocka_unit_test_setup(late_enable_gets_after_and_destroy, reset),
      cmocka_unit_test_setup(lifecycle_and_triggers, reset),
      cmocka_unit_test_setup(failing_hook_is_fatal, reset),
      cmocka_unit_test_setup(out_of_order_scopes_are_fatal, reset),
      cmocka_unit_test_setup(thread_exit_with_hooks, reset),
      cmocka_unit_test_setup(bound_calls_dispatch_hooks, reset),
      cmocka_unit_test_setup(bound_calls_hook_set_changes, reset),
      cmocka_unit_test_setup(bound_calls_hook_side_effects, reset),
      cmocka_unit_test_setup(bound_calls_with_lifetimes, reset),
      cmocka_unit_test_setup(bound_call_hook_failures, reset),
  };
  return cmocka_run_group_tests_name("hooks", tests, NULL, NULL);
}
