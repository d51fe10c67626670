/* thread.c -- per-thread state, async ids and thread exit.
 *
 * Each thread's state lives in one initial-exec TLS struct (no __tls_get_addr
 * call on the hot paths).  Async ids come from a process-wide counter, handed
 * out to threads in blocks so most ids cost no atomic operation.  When a thread
 * exits, a pthread key destructor releases what its state still references.
 */
#include "internal.h"

#include <pthread.h>

ACTX__TLS struct actx__thread actx__t; /* exported as actx__tls_abi2 */

/* Ids 0 (none) and 1 (root) are reserved. */
#define ID_BLOCK 256
static _Atomic uint64_t next_id_block = 2;
static _Atomic uint64_t next_serial = 1;

actx_id actx__new_async_id(void) {
  struct actx__thread *t = &actx__t;
  if (ACTX__UNLIKELY(t->id_next == t->id_end)) {
    t->id_next = atomic_fetch_add_explicit(&next_id_block, ID_BLOCK, memory_order_relaxed);
    t->id_end = t->id_next + ID_BLOCK;
  }
  return t->id_next++;
}

uint64_t actx__next_serial(void) {
  return atomic_fetch_add_explicit(&next_serial, 1, memory_order_relaxed);
}

/* The execution ids are the entered resource's; none entered is the root:
 * 1 and 0. */
actx_id actx_execution_async_id(void) {
  const actx_resource *r = actx__current_resource(&actx__t);
  return r ? r->id : 1;
}

actx_id actx_trigger_async_id(void) {
  const actx_resource *r = actx__current_resource(&actx__t);
  return r ? r->trigger : 0;
}

actx_resource *actx_execution_async_resource(void) {
  return actx__current_resource(&actx__t);
}

/* Registered threads, for actx_live_resources(); `exited_live` keeps the
 * counts of threads that have exited.  Both guarded by `registry_lock`. */
static struct actx__mutex registry_lock = ACTX__MUTEX_INIT;
static struct actx__thread *registry;
static long exited_live;

size_t actx_live_resources(void) {
  actx__mutex_lock(&registry_lock);
  long n = exited_live;
  for (struct actx__thread *t = registry; t; t = t->next)
    n += atomic_load_explicit(&t->live, memory_order_relaxed);
  actx__mutex_unlock(&registry_lock);
  return n > 0 ? (size_t)n : 0;
}

void actx__threads_wake(void) {
  actx__mutex_lock(&registry_lock);
  for (struct actx__thread *t = registry; t; t = t->next)
    atomic_store_explicit(&t->quiet, 0, memory_order_seq_cst);
  actx__mutex_unlock(&registry_lock);
}

void actx__thread_quiet(struct actx__thread *t) {
  if (!t->registered)
    actx__thread_register(t);
  actx__cur(t); /* the inline paths need a scope to link to */
  if (!t->registered || t->dispatch_depth > 0 || t->hooks || actx__observed())
    return;
  /* Set, then check the version: a concurrent change either is seen here or
   * bumped the version after this store, and then its wake clears it. */
  atomic_store_explicit(&t->quiet, 1, memory_order_seq_cst);
  if (atomic_load_explicit(&actx__hooks_version, memory_order_seq_cst) != t->hooks_version ||
      atomic_load_explicit(&actx__observer, memory_order_seq_cst))
    atomic_store_explicit(&t->quiet, 0, memory_order_relaxed);
}

/* fork(): hold every runtime lock across it (see internal.h), bind.c's
 * pairs_lock before stubs.c's stubs_lock as refill nests them; release in
 * reverse. */
static void fork_prepare(void) {
  actx__bind_fork_lock(true);
  actx__stubs_fork_lock(true);
  actx__keyed_fork_lock(true);
  actx__hooks_fork_lock(true);
  actx__slots_fork_lock(true);
  actx__handoff_fork_lock(true);
  actx__box_fork_lock(true);
  actx__mutex_lock(&registry_lock);
}

static void fork_done(void) {
  actx__mutex_unlock(&registry_lock);
  actx__handoff_fork_lock(false);
  actx__box_fork_lock(false);
  actx__slots_fork_lock(false);
  actx__hooks_fork_lock(false);
  actx__keyed_fork_lock(false);
  actx__stubs_fork_lock(false);
  actx__bind_fork_lock(false);
}

/* Library start: the fork handlers, then ACTX_TRACE (trace_export.c; called
 * from here so that a static link pulls it in). */
__attribute__((constructor)) static void library_start(void) {
  if (pthread_atfork(fork_prepare, fork_done, fork_done) != 0)
    actx__fatal("cannot install the fork handlers");
  actx__trace_export_env();
}

static pthread_key_t exit_key;
static pthread_once_t exit_key_once = PTHREAD_ONCE_INIT;

static void thread_exit(void *arg) {
  struct actx__thread *t = arg;
  /* Destructors run after the thread's own code, so no scope is active unless
   * it was abandoned by longjmp; its saved frames are unreachable then. */
  if (t->root.flags_ & ACTX__SCOPE_OWNED)
    actx__frame_unref(t->root.frame_);
  t->root.frame_ = NULL;
  t->root.flags_ = 0;
  actx__take_thread_exit(t);
  t->cur = NULL;
  t->frame = NULL;
  atomic_store_explicit(&t->quiet, 0, memory_order_relaxed);
  actx__hooks_thread_exit(t);
  actx__box_thread_exit();
  actx__frame_stock_return(t);
  actx__frame_pool_drain(t);
  actx__mutex_lock(&registry_lock);
  exited_live += atomic_load_explicit(&t->live, memory_order_relaxed);
  atomic_store_explicit(&t->live, 0, memory_order_relaxed);
  ACTX__DLIST_REMOVE(registry, t);
  actx__mutex_unlock(&registry_lock);
  t->registered = false;
}

static void make_exit_key(void) {
  if (pthread_key_create(&exit_key, thread_exit) != 0)
    actx__fatal("cannot create the thread-exit key");
}

void actx__thread_register(struct actx__thread *t) {
  pthread_once(&exit_key_once, make_exit_key);
  if (pthread_setspecific(exit_key, t) == 0) {
    actx__mutex_lock(&registry_lock);
    ACTX__DLIST_PUSH(registry, t);
    actx__mutex_unlock(&registry_lock);
    t->registered = true;
    t->pool_room = ACTX__FRAME_POOL_MAX; /* the pool is empty until now */
  }
}
