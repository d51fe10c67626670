/* internal.h -- libactx's private declarations, shared by the runtime's modules.
 *
 * Not part of the API: nothing here is stable, and the header refuses to be
 * included from outside the library's own build (and its white-box tests).
 *
 * Threading invariants, in one place:
 *   - struct actx__thread (one per thread, in initial-exec TLS) is touched only
 *     by its own thread.
 *   - Frames are immutable once published; only their reference count changes,
 *     atomically.  A frame may be released on any thread.
 *   - Storages: `gen` is atomic (disable() may race with get()); the rest is
 *     immutable after actx_storage_new().
 *   - Hooks: the enabled set is an immutable snapshot; each thread caches a
 *     reference and refreshes it, under hook.c's hooks_lock, when the global
 *     version moves and it is not inside a dispatch.
 *   - Locks (struct actx__mutex, below) are named after what they guard and
 *     are never held while user code runs (callbacks, hooks, releases).
 */
#ifndef ACTX_INTERNAL_H
#define ACTX_INTERNAL_H

#ifndef ACTX_BUILDING
#error "runtime/internal.h is private to libactx; include <actx.h> instead"
#endif

#include "actx.h"

#include <assert.h> /* debug builds: NDEBUG is set by b_ndebug=if-release */
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>

#define ACTX__TLS __thread __attribute__((tls_model("initial-exec")))
#define ACTX__LIKELY(x) __builtin_expect(!!(x), 1)
#define ACTX__UNLIKELY(x) __builtin_expect(!!(x), 0)
#define ACTX__HIDDEN __attribute__((visibility("hidden")))

/* ------------------------------------------------------------ allocation */

/* Every allocation goes through these so tests can inject failures. */
ACTX__HIDDEN void *actx__malloc(size_t n);
/* `align`: a power of two multiple of sizeof(void *); free with actx__free. */
ACTX__HIDDEN void *actx__malloc_aligned(size_t align, size_t n);
ACTX__HIDDEN void actx__free(void *p);
/* Test-only: make the Nth allocation from now (1-based) and every later one
 * fail; 0 turns injection off.  Exported for white-box tests of the static
 * library only. */
void actx__test_fail_alloc_after(long n);

/* Prints "actx: <message>" and exits(1): misuse the program cannot recover
 * from.  Inside a bound callback the async backtrace follows the message;
 * actx__fatal_no_backtrace is for a scope stack that cannot be walked.
 * actx__fatal_hook, for hook failures only, aborts instead when
 * ACTX_ABORT_ON_HOOK_ERROR=1 is set (read with secure_getenv). */
ACTX__HIDDEN _Noreturn void actx__fatal(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), cold));
ACTX__HIDDEN _Noreturn void actx__fatal_hook(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), cold));
ACTX__HIDDEN _Noreturn void actx__fatal_no_backtrace(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), cold));

/* ------------------------------------------------------------ liveness words */

/* Misuse detection in every build (docs/api.md, "Misuse").  Each object the
 * program releases or frees carries a 32-bit word set when it is made and
 * checked on entry of its release/free, which overwrites it (poisons it) when
 * the object dies.  A second release then finds the poison and is fatal
 * before anything is written or handed back to the allocator.  The word sits
 * at offset 16 or more, past the words malloc's free lists write into a freed
 * block (glibc: next and key at 0 and 8; ASan: 8 bytes at 0), so it survives
 * until the memory is allocated again; memory that goes back to one of the
 * runtime's own pools keeps its poison until the pool reuses it.  Each type
 * has its own word, so a pointer to something else is caught too. */
enum {
  ACTX__LIVE_RESOURCE = 0x52657321u, /* "Res!" */
  ACTX__LIVE_FRAME = 0x46726d21u,    /* "Frm!" */
  ACTX__LIVE_STORAGE = 0x53746f21u,  /* "Sto!" */
  ACTX__LIVE_HOOK = 0x486f6b21u,     /* "Hok!" */
  ACTX__LIVE_BOX = 0x426f7821u,      /* "Box!" */
  ACTX__POOLED = 0x506f6f6cu,        /* in a runtime pool: released */
  ACTX__FREED = 0xdeadf4eeu,         /* released; its memory may be malloc's */
};

/* Loads a liveness word.  On a second release it reads freed memory on
 * purpose, which ASan and TSan would report before the check could name the
 * misuse: not instrumented there, and kept whole (gcc's IPA-SRA would move
 * the load into the instrumented caller; noipa stops it, and inlining). */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define ACTX__LIVE_LOAD_ATTR __attribute__((no_sanitize_address, no_sanitize_thread, noipa))
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define ACTX__LIVE_LOAD_ATTR __attribute__((no_sanitize("address", "thread"), noinline))
#endif
#endif
#ifdef ACTX__LIVE_LOAD_ATTR
#define ACTX__LIVE_FN ACTX__LIVE_LOAD_ATTR __attribute__((unused)) static
#else
#define ACTX__LIVE_LOAD_ATTR
#define ACTX__LIVE_FN static inline
#endif
ACTX__LIVE_FN uint32_t actx__live_load(const uint32_t *w) {
  return *w;
}

/* Copies a NUL-terminated string out of a released block (truncated to
 * n - 1 bytes), for messages: uninstrumented like actx__live_load. */
ACTX__LIVE_FN void actx__copy_freed(char *dst, const char *src, size_t n) {
  size_t i = 0;
  for (; i + 1 < n && src[i]; i++)
    dst[i] = src[i];
  dst[i] = '\0';
}

/* The fatal message of a failed check: "fn: <what> was already released/freed"
 * or "is not one" (neither live nor poisoned). */
ACTX__HIDDEN _Noreturn void actx__misuse(const char *fn, const char *what, uint32_t word,
                                         const char *verb);

/* ------------------------------------------------------------ storages */

/* Callbacks of a storage that has retain/release/on_propagate.  Frames
 * reference it (not the storage), so release still runs after the storage
 * is freed.  Allocated only for storages that have callbacks. */
struct actx__storage_cbs {
  atomic_long refs;     /* storage + one per frame entry */
  actx_store_cb retain; /* copied from the options */
  actx_store_cb release;
  actx_propagate_cb on_propagate;
  void *user;
  _Atomic(actx_storage *) owner; /* NULL once the storage is freed */
};

struct actx_storage {
  uint32_t slot;        /* index of its entry in every frame; reused after free */
  _Atomic uint64_t gen; /* entries made before the last disable() carry an older gen */
  void *default_value;
  char *name;                    /* copy, in the same block (after the struct) */
  struct actx__storage_cbs *cbs; /* NULL when there are no callbacks */
  uint32_t live;                 /* ACTX__LIVE_STORAGE; ACTX__FREED once freed */
};

/* Copies the name of the live storage at `slot` whose generation is `gen`
 * into buf (truncated); false when there is none.  For fatal messages. */
ACTX__HIDDEN bool actx__storage_name_at(uint32_t slot, uint64_t gen, char *buf, size_t len);

/* Process-unique, nonzero numbers for storage generations. */
ACTX__HIDDEN uint64_t actx__next_serial(void);

/* ------------------------------------------------------------ frames */

/* A frame's entry for one storage slot.  gen 0: no entry. */
struct actx__entry {
  uint64_t gen;                  /* visible only while equal to the storage's gen */
  void *store;                   /* NULL: explicitly absent */
  struct actx__storage_cbs *cbs; /* referenced; NULL for callback-free storages */
};

#define ACTX__FRAME_SMALL 8 /* capacity of pooled frames */

struct actx_frame {
  atomic_long refs;       /* < 0: immortal (the static empty frame) */
  uint32_t n;             /* slots present: e[0..n) */
  uint32_t cap;           /* entries allocated */
  uint32_t ncbs;          /* entries whose storage has callbacks */
  uint32_t live;          /* ACTX__LIVE_FRAME; ACTX__POOLED in a thread's
                                * pool, ACTX__FREED once given back to malloc
                                * (in the padding before e: no ABI change) */
  struct actx__entry e[]; /* indexed by storage slot */
};

/* The empty frame: what a thread has before anything is entered.  Immortal. */
ACTX__HIDDEN extern actx_frame actx__empty_frame;

/* ------------------------------------------------------------ threads */

struct actx__hookset;

/* Per-thread state.  Zero-initialised by the loader, which is a valid state:
 * empty frame, root execution, no scopes. */
struct actx__thread {
  /* -- head: struct actx__thread_abi (actx/abi.h), read by inline code -- */
  actx_frame *frame;     /* current: cur->frame_ (NULL means actx__empty_frame) */
  _Atomic uint8_t quiet; /* 1: nothing watches this thread's switches;
                                * cleared by other threads (actx__threads_wake) */
  bool registered;       /* (private) thread-exit destructor armed */
  actx_scope *cur;       /* innermost scope; NULL until the root is installed */
  /* -- private -- */
  actx_scope root;                  /* bottom of the scope stack: top level (its
                                * frame is what enter_with set there) */
  uint64_t id_next, id_end;         /* block of async ids owned by this thread */
  struct actx__hookset *hooks;      /* cached enabled-hook snapshot, referenced */
  uint64_t hooks_version;           /* global version `hooks` was taken at */
  unsigned dispatch_depth;          /* > 0 while dispatching hooks */
  atomic_long live;                 /* resources made minus freed on this thread; written
                                * only by it, summed by actx_live_resources() */
  struct actx__thread *next, *prev; /* registered threads, under thread.c's registry_lock */
  struct actx__stock *stock;        /* ACTX__STOCK_WAYS frames this thread holds spare
                                * references to (frame.c); NULL until first used */
  actx_frame *pool;                 /* free small frames, linked through e[0].store */
  unsigned pool_room;               /* frames the pool may still take; 0 until the
                                * thread-exit destructor (which drains it) is armed */
  /* The last take by result (handoff.c), while it may still be in effect: */
  actx_scope *take_scope; /* the scope whose frame it replaced; NULL: none */
  actx_frame *take_frame; /* the frame it entered, referenced */
  actx_frame *take_base;  /* what was current before, referenced (restored by a
                              take of an item that carries nothing) */
};

_Static_assert(offsetof(struct actx__thread, frame) == offsetof(struct actx__thread_abi, frame) &&
                   offsetof(struct actx__thread, cur) == offsetof(struct actx__thread_abi, cur) &&
                   offsetof(struct actx__thread, quiet) ==
                       offsetof(struct actx__thread_abi, quiet) &&
                   sizeof(_Atomic uint8_t) == 1,
               "thread ABI");

/* The layout ACTX_INLINE_GET compiles into programs (actx/abi.h). */
_Static_assert(offsetof(actx_frame, n) == offsetof(struct actx__frame_abi, n), "inline get ABI");
_Static_assert(offsetof(actx_frame, e) == ((sizeof(struct actx__frame_abi) + 7) & ~(size_t)7),
               "inline get ABI");
_Static_assert(sizeof(struct actx__entry) == sizeof(struct actx__entry_abi), "inline get ABI");
_Static_assert(offsetof(struct actx__entry, gen) == offsetof(struct actx__entry_abi, gen) &&
                   offsetof(struct actx__entry, store) == offsetof(struct actx__entry_abi, store),
               "inline get ABI");
_Static_assert(offsetof(actx_storage, slot) == offsetof(struct actx__storage_abi, slot) &&
                   offsetof(actx_storage, gen) == offsetof(struct actx__storage_abi, gen) &&
                   offsetof(actx_storage, default_value) ==
                       offsetof(struct actx__storage_abi, default_value),
               "inline get ABI");

/* Exported under a versioned name: ACTX_INLINE_GET code in programs reads its
 * first member and the frame layout (actx/abi.h).  Change either, or the
 * ABI-marked fields of frames, entries and storages, and the number in the
 * name must change too (here and in actx/abi.h). */
extern ACTX__TLS struct actx__thread actx__t __asm__("actx__tls_abi2")
    __attribute__((visibility("default")));

/* ------------------------------------------------------------ lists */

/* Intrusive doubly linked lists with a head pointer, for the registries of
 * threads (thread.c) and of trace buffers (trace_export.c): `node` has `next`
 * and `prev` members.  The caller holds the list's lock. */
#define ACTX__DLIST_PUSH(head, node) \
  do {                               \
    (node)->prev = NULL;             \
    (node)->next = (head);           \
    if (head)                        \
      (head)->prev = (node);         \
    (head) = (node);                 \
  } while (0)
#define ACTX__DLIST_REMOVE(head, node)   \
  do {                                   \
    if ((node)->prev)                    \
      (node)->prev->next = (node)->next; \
    else                                 \
      (head) = (node)->next;             \
    if ((node)->next)                    \
      (node)->next->prev = (node)->prev; \
    (node)->next = (node)->prev = NULL;  \
  } while (0)

/* ------------------------------------------------------------ locks */

/* The runtime's mutexes.  A debug build (no NDEBUG; meson's b_ndebug=if-release
 * sets it for release builds, which the benchmarks use) also records which
 * thread holds each, so the rules "called with X held" are asserted, not only
 * written down; a release build has the plain pthread mutex and calls. */
struct actx__mutex {
  pthread_mutex_t m;
#ifndef NDEBUG
  const struct actx__thread *_Atomic owner; /* NULL: not held */
#endif
};
#define ACTX__MUTEX_INIT \
  { .m = PTHREAD_MUTEX_INITIALIZER }

static inline void actx__mutex_lock(struct actx__mutex *mu) {
  pthread_mutex_lock(&mu->m);
#ifndef NDEBUG
  assert(atomic_load_explicit(&mu->owner, memory_order_relaxed) == NULL);
  atomic_store_explicit(&mu->owner, &actx__t, memory_order_relaxed);
#endif
}

static inline void actx__mutex_unlock(struct actx__mutex *mu) {
#ifndef NDEBUG
  assert(atomic_load_explicit(&mu->owner, memory_order_relaxed) == &actx__t);
  atomic_store_explicit(&mu->owner, NULL, memory_order_relaxed);
#endif
  pthread_mutex_unlock(&mu->m);
}

/* For assert(): whether this thread holds `mu` (true under NDEBUG, where
 * nothing is recorded). */
static inline bool actx__mutex_held(struct actx__mutex *mu) {
#ifndef NDEBUG
  return atomic_load_explicit(&mu->owner, memory_order_relaxed) == &actx__t;
#else
  (void)mu;
  return true;
#endif
}

/* Arms the thread-exit destructor and adds the thread to the registry that
 * actx_live_resources() sums (once per thread). */
ACTX__HIDDEN void actx__thread_register(struct actx__thread *t);

/* `quiet` lets bound calls skip every check but one.  A thread sets it on
 * itself (actx__thread_quiet) after a slow-path switch found nothing to
 * watch; whoever changes what is watched (hook set, observer) bumps
 * actx__hooks_version and then clears it on every registered thread. */
ACTX__HIDDEN void actx__threads_wake(void);
ACTX__HIDDEN void actx__thread_quiet(struct actx__thread *t);

/* Counts a resource made (+1) or freed (-1) on this thread.  A plain store:
 * only this thread writes its counter, so no locked instruction. */
static inline void actx__count_live(struct actx__thread *t, long delta) {
  if (ACTX__UNLIKELY(!t->registered))
    actx__thread_register(t);
  atomic_store_explicit(&t->live, atomic_load_explicit(&t->live, memory_order_relaxed) + delta,
                        memory_order_relaxed);
}

static inline actx_frame *actx__current_frame(const struct actx__thread *t) {
  return t->frame ? t->frame : &actx__empty_frame;
}

/* The inverse: how a frame is stored as a thread's current frame (the empty
 * frame as NULL, so the hot paths test one pointer). */
static inline actx_frame *actx__as_thread_frame(actx_frame *f) {
  return f == &actx__empty_frame ? NULL : f;
}

/* The execution resource (NULL: the root).  It stays alive while entered. */
static inline actx_resource *actx__current_resource(const struct actx__thread *t) {
  return t->cur ? t->cur->resource_ : NULL;
}

/* The innermost scope, installing the root scope on first use. */
static inline actx_scope *actx__cur(struct actx__thread *t) {
  if (ACTX__UNLIKELY(!t->cur)) {
    t->root.flags_ = ACTX__SCOPE_ACTIVE;
    t->cur = &t->root;
  }
  return t->cur;
}

ACTX__HIDDEN actx_id actx__new_async_id(void);

/* fork() safety: thread.c's pthread_atfork handlers take every runtime lock
 * before a fork and release them after it in both processes, so a child never
 * inherits a lock some other thread of the parent held.  No runtime code holds
 * two of these locks at once except bind.c's pairs_lock -> stubs.c's
 * stubs_lock (a refill making stubs), so prepare takes them in that order. */
ACTX__HIDDEN void actx__bind_fork_lock(bool lock);
ACTX__HIDDEN void actx__stubs_fork_lock(bool lock);
ACTX__HIDDEN void actx__keyed_fork_lock(bool lock);
ACTX__HIDDEN void actx__hooks_fork_lock(bool lock);
ACTX__HIDDEN void actx__slots_fork_lock(bool lock);
ACTX__HIDDEN void actx__handoff_fork_lock(bool lock);
ACTX__HIDDEN void actx__box_fork_lock(bool lock);
/* box.c: gives the thread's census page back (thread.c's thread exit). */
ACTX__HIDDEN void actx__box_thread_exit(void);

/* ------------------------------------------------------------ frame life */

/* Frames run() makes and frees are recycled through a short per-thread list,
 * which keeps the common path off malloc.  These are inline because run() is
 * the hot path: see frame.c for the design. */
#define ACTX__FRAME_POOL_MAX 32

ACTX__HIDDEN actx_frame *actx__frame_alloc_slow(uint32_t need);
ACTX__HIDDEN void actx__frame_free_slow(actx_frame *f);
ACTX__HIDDEN void actx__frame_retain_entries(actx_frame *f);

static inline actx_frame *actx__frame_alloc(struct actx__thread *t, uint32_t need) {
  actx_frame *f = t->pool;
  if (ACTX__LIKELY(need <= ACTX__FRAME_SMALL && f)) {
    t->pool = (actx_frame *)f->e[0].store;
    t->pool_room++;
    atomic_init(&f->refs, 1);
    f->live = ACTX__LIVE_FRAME;
    return f;
  }
  return actx__frame_alloc_slow(need);
}

static inline void actx__frame_free(actx_frame *f) {
  struct actx__thread *t = &actx__t;
  if (ACTX__LIKELY((f->ncbs | (f->cap ^ ACTX__FRAME_SMALL)) == 0 && t->pool_room > 0)) {
    f->live = ACTX__POOLED;
    f->e[0].store = t->pool;
    t->pool = f;
    t->pool_room--;
    return;
  }
  actx__frame_free_slow(f);
}

static inline actx_frame *actx__frame_ref(actx_frame *f) {
  assert(atomic_load_explicit(&f->refs, memory_order_relaxed) != 0); /* freed */
  if (atomic_load_explicit(&f->refs, memory_order_relaxed) >= 0)
    atomic_fetch_add_explicit(&f->refs, 1, memory_order_relaxed);
  return f;
}

/* Drops a reference.  The runtime's own references are dropped once by
 * construction (a resource's goes with its own liveness check): only
 * actx_frame_release() checks the frame's word. */
static inline void actx__frame_unref(actx_frame *f) {
  long r = atomic_load_explicit(&f->refs, memory_order_acquire);
  assert(r != 0); /* freed */
  if (r < 0)
    return;
  /* Sole owner: nobody else can be incrementing, so skip the locked op. */
  if (r == 1 || atomic_fetch_sub_explicit(&f->refs, 1, memory_order_acq_rel) == 1)
    actx__frame_free(f);
}

/* Reference stock: resources capture the current frame and release it when
 * they die, often on the same thread and in the same frame (bind, then
 * unbind).  To keep those pairs off the locked instructions, a thread takes
 * ACTX__STOCK_BATCH references to a frame at once and hands them out, and
 * puts references it drops to that frame back.  A thread stocks up to
 * ACTX__STOCK_WAYS frames, one per way of a direct-mapped table (allocated on
 * first use), so a server interleaving requests of many connections, each in
 * its own frame, keeps each connection's stock instead of moving one stock
 * from frame to frame at every capture (two locked operations each time).
 * A way with no stock adopts the first reference dropped to a frame that maps
 * there (threads that only release what others bound: actx__frame_drop_slow).
 * Only for frames whose storages have no callbacks: a stocked reference keeps
 * the frame alive until its way goes to another frame or the thread exits,
 * which would delay a `release` callback but is invisible otherwise. */
#define ACTX__STOCK_BATCH 64
#define ACTX__STOCK_WAYS 32
struct actx__stock {
  actx_frame *f; /* NULL: this way holds nothing */
  long n;        /* references to f held here, > 0 while f is set */
};
ACTX__HIDDEN actx_frame *actx__frame_ref_restock(struct actx__thread *t, actx_frame *f);
ACTX__HIDDEN void actx__frame_stock_return(struct actx__thread *t);

/* The way of the thread's stock table that `f` maps to (the table exists). */
static inline struct actx__stock *actx__stock_way(struct actx__thread *t, const actx_frame *f) {
  /* Frames are malloc'd: the low 4 bits say nothing; multiply to mix the rest. */
  uint64_t h = ((uint64_t)(uintptr_t)f >> 4) * UINT64_C(0x9e3779b97f4a7c15);
  return &t->stock[h >> (64 - 5)];
}
_Static_assert(ACTX__STOCK_WAYS == 1 << 5, "actx__stock_way's shift");

/* A new reference to `f`, from the thread's stock when it can. */
static inline actx_frame *actx__frame_take(struct actx__thread *t, actx_frame *f) {
  if (f == &actx__empty_frame)
    return f; /* immortal: the only frame never counted */
  if (ACTX__LIKELY(t->stock != NULL)) {
    struct actx__stock *w = actx__stock_way(t, f);
    if (ACTX__LIKELY(w->f == f)) {
      /* A way is never empty: its last reference goes out with it. */
      assert(w->n > 0);
      if (--w->n == 0)
        w->f = NULL;
      return f;
    }
  }
  return actx__frame_ref_restock(t, f);
}

ACTX__HIDDEN __attribute__((noinline)) void actx__frame_drop_slow(struct actx__thread *t,
                                                                  actx_frame *f);

/* Drops a reference to `f`, into the thread's stock when it can (see
 * actx__frame_drop_slow for a way that is empty or full). */
static inline void actx__frame_drop(struct actx__thread *t, actx_frame *f) {
  if (ACTX__LIKELY(t->stock != NULL)) {
    struct actx__stock *w = actx__stock_way(t, f);
    if (ACTX__LIKELY(w->f == f && w->n < 2 * ACTX__STOCK_BATCH)) {
      w->n++;
      return;
    }
  }
  actx__frame_drop_slow(t, f);
}

/* A new frame (one reference) equal to `base` (NULL: empty) with `s` mapped to
 * `store`.  Retains the stores it holds.  NULL on ENOMEM. */
static inline actx_frame *actx__frame_with(struct actx__thread *t, const actx_frame *base,
                                           actx_storage *s, void *store) {
  uint32_t n = base ? base->n : 0;
  uint32_t slot = s->slot;
  uint32_t need = slot >= n ? slot + 1 : n;
  actx_frame *f = actx__frame_alloc(t, need);
  if (ACTX__UNLIKELY(!f))
    return NULL;
  for (uint32_t j = 0; j < n; j++)
    f->e[j] = base->e[j];
  for (uint32_t j = n; j < slot; j++)
    f->e[j] = (struct actx__entry){0, NULL, NULL};
  f->e[slot] =
      (struct actx__entry){atomic_load_explicit(&s->gen, memory_order_relaxed), store, s->cbs};
  f->n = need;
  f->ncbs = 0;
  if (ACTX__UNLIKELY(s->cbs || (base && base->ncbs)))
    actx__frame_retain_entries(f);
  return f;
}

/* The frame a new resource of `type` captures: a new reference to the current
 * frame, or a filtered copy when some storage's on_propagate says no.  NULL on
 * ENOMEM. */
ACTX__HIDDEN actx_frame *actx__frame_capture(const char *type);

/* ------------------------------------------------------------ scopes */

/* The thread's scopes form a stack (t->cur, linked through prev_) whose
 * bottom is t->root: see scope.c, which alone pushes and pops them (bound
 * calls' inline paths aside, actx_bind.h). */

/* The frame observer (NULL: none); a thread with one set never goes quiet. */
ACTX__HIDDEN extern _Atomic(actx_frame_observer_cb) actx__observer;
/* Whether one is set (a relaxed look: the paths that must not miss one
 * setting recheck in order, thread.c). */
static inline bool actx__observed(void) {
  return atomic_load_explicit(&actx__observer, memory_order_relaxed) != NULL;
}

/* Enters `r` on thread `t` (see actx_resource_scope_begin); `flags` are
 * added to the scope's before `before` is emitted. */
ACTX__HIDDEN void actx__resource_enter(struct actx__thread *t, actx_scope *sc, actx_resource *r,
                                       unsigned flags);
/* The same, and actx_scope_end(), with `before`/`after` dispatched inline
 * (actx__hooks_emit_inline): for bound calls' slow enter and leave. */
ACTX__HIDDEN void actx__call_resource_enter(struct actx__thread *t, actx_scope *sc,
                                            actx_resource *r, unsigned flags);
ACTX__HIDDEN void actx__call_scope_end(actx_scope *sc);
/* Its pop alone, after `after` was dispatched (corruption check, observer). */
ACTX__HIDDEN void actx__call_scope_pop(actx_scope *sc);
/* enter_with for a whole frame: `f` (a reference the thread hands over, the
 * empty frame included) becomes the innermost scope's frame (handoff.c). */
ACTX__HIDDEN void actx__scope_enter_frame(struct actx__thread *t, actx_frame *f);

/* ------------------------------------------------------------ hand-offs */

/* Drops what the thread's last take by result holds (thread exit). */
ACTX__HIDDEN void actx__take_thread_exit(struct actx__thread *t);

/* ------------------------------------------------------------ resources */

struct actx_resource {
  atomic_long refs;                  /* owners; the last release destroys and frees */
  actx_id id;                        /* async id */
  actx_id trigger;                   /* trigger async id */
  const char *type;                  /* borrowed */
  actx_frame *frame;                 /* captured at creation, referenced */
  void *data;                        /* user slot */
  atomic_bool destroyed;             /* destroy emitted */
  bool manual_destroy;               /* require_manual_destroy */
  uint32_t live;                     /* ACTX__LIVE_RESOURCE; ACTX__FREED after the
                                * last release (in padding: same size) */
  void (*free_fn)(actx_resource *r); /* embedded resources: the owner frees */
};

/* Liveness words out of reach of malloc's free-list words (see above); the
 * resource's fills padding, so resources and bindings keep their size. */
_Static_assert(offsetof(actx_frame, live) >= 16 && offsetof(actx_storage, live) >= 16 &&
                   offsetof(struct actx_resource, live) >= 16 && sizeof(struct actx_resource) == 64,
               "liveness words");

/* Initialises a resource embedded in a larger object (bindings).  0,
 * ACTX_EINVAL or ACTX_ENOMEM.  When the last reference goes, free_fn(r) is
 * called instead of free(). */
ACTX__HIDDEN int actx__resource_init(actx_resource *r, const char *type,
                                     const actx_resource_options *opts,
                                     void (*free_fn)(actx_resource *r));
/* Releases what a resource holds (its frame); does not emit anything. */
ACTX__HIDDEN void actx__resource_fini(actx_resource *r);

/* ------------------------------------------------------------ hooks */

enum actx__event {
  ACTX__EV_INIT,
  ACTX__EV_BEFORE,
  ACTX__EV_AFTER,
  ACTX__EV_DESTROY,
  ACTX__EV_RESOLVE,
  ACTX__EV_COUNT
};

/* Bumped (under hook.c's hooks_lock) on every change to the enabled set. */
ACTX__HIDDEN extern _Atomic uint64_t actx__hooks_version;

/* One callback a dispatch calls: everything it needs in one place. */
struct actx__hookcall {
  void (*cb)(void); /* actx_init_cb for init, actx_event_cb otherwise */
  void *user;       /* the hook's (fixed at creation) */
  actx_hook *h;     /* for `dead` and the failure message */
  unsigned pos;     /* 1-based position in enable order, for the message */
};

/* An immutable snapshot of the enabled hooks (hook.c builds them). */
struct actx__hookset {
  atomic_long refs; /* the global's + one per thread caching it */
  unsigned n;
  unsigned count[ACTX__EV_COUNT]; /* hooks with a callback for each event */
  unsigned first[ACTX__EV_COUNT]; /* where each event's calls start in `calls` */
  struct actx__hookcall *calls;   /* grouped by event, enable order within;
                                   * in the same allocation, after h[] */
  actx_hook *h[];                 /* in enable order, each referenced */
};

/* The general dispatch of one event: refreshes the thread's snapshot if the
 * set changed (outside a dispatch), then calls the event's callbacks. */
ACTX__HIDDEN void actx__hooks_emit_slow(struct actx__thread *t, enum actx__event ev,
                                        actx_resource *r, actx_id id);
/* Whether a hook of the program's (not an internal one) has a callback for
 * `ev`: Node's rule on empty resource types looks only at those. */
ACTX__HIDDEN bool actx__hooks_have(struct actx__thread *t, enum actx__event ev);
/* Marks a hook the runtime made for itself (trace_export.c), before it is
 * enabled. */
ACTX__HIDDEN void actx__hook_set_internal(actx_hook *h);
ACTX__HIDDEN bool actx__hook_dead(const actx_hook *h);
ACTX__HIDDEN __attribute__((noinline, cold, noreturn)) void
actx__hooks_failed(const struct actx__hookcall *c, enum actx__event ev, actx_resource *r,
                   actx_id id, int rc);

/* Dispatches one event.  The no-hooks fast path is one relaxed load and a
 * compare, inline; the rest is out of line. */
static inline void actx__hooks_emit(struct actx__thread *t, enum actx__event ev, actx_resource *r,
                                    actx_id id) {
  if (ACTX__LIKELY(t->hooks == NULL &&
                   atomic_load_explicit(&actx__hooks_version, memory_order_relaxed) ==
                       t->hooks_version))
    return;
  actx__hooks_emit_slow(t, ev, r, id);
}

/* Calls the callbacks `hs` (the thread's current snapshot, or the one a
 * dispatch under way holds) has for `ev`, an event other than init. */
static inline __attribute__((always_inline)) void
actx__hooks_dispatch(struct actx__thread *t, const struct actx__hookset *hs, enum actx__event ev,
                     actx_resource *r, actx_id id) {
  const struct actx__hookcall *c = hs->calls + hs->first[ev], *end = c + hs->count[ev];
  if (c == end)
    return;
  t->dispatch_depth++;
  for (; c < end; c++) {
    if (ACTX__UNLIKELY(actx__hook_dead(c->h)))
      continue;
    int rc = ((actx_event_cb)c->cb)(id, c->user);
    if (ACTX__UNLIKELY(rc != 0))
      actx__hooks_failed(c, ev, r, id, rc);
  }
  t->dispatch_depth--;
}

/* The same with the dispatch of an event other than init inline when the
 * thread's snapshot is current (or a dispatch is under way, when it must not
 * change).  For bound calls' slow enter and leave only: with a hook enabled
 * every bound call comes there and dispatches two events, and the call into
 * hook.c for each was a sixth of such a call's instructions.  Elsewhere the
 * inline loop would only grow the hook-free paths. */
static inline __attribute__((always_inline)) void
actx__hooks_emit_inline(struct actx__thread *t, enum actx__event ev, actx_resource *r, actx_id id) {
  const struct actx__hookset *hs = t->hooks;
  bool current =
      atomic_load_explicit(&actx__hooks_version, memory_order_relaxed) == t->hooks_version;
  if (ACTX__LIKELY(hs == NULL && current))
    return;
  if (ev == ACTX__EV_INIT || !hs || !(current || t->dispatch_depth > 0)) {
    actx__hooks_emit_slow(t, ev, r, id);
    return;
  }
  actx__hooks_dispatch(t, hs, ev, r, id);
}

/* trace_export.c: starts the trace ACTX_TRACE names (thread.c's constructor). */
ACTX__HIDDEN void actx__trace_export_env(void);

/* Thread exit: drops the thread's snapshot reference. */
ACTX__HIDDEN void actx__hooks_thread_exit(struct actx__thread *t);
ACTX__HIDDEN void actx__frame_pool_drain(struct actx__thread *t);

/* ------------------------------------------------------------ resource init */

/* actx__resource_init's body, inline into the binding paths (call.c), where
 * a resource is made for every binding. */
static inline __attribute__((always_inline)) int
actx__resource_init_inline(actx_resource *r, const char *type, const actx_resource_options *opts,
                           void (*free_fn)(actx_resource *r)) {
  struct actx__thread *t = &actx__t;
  if (!type)
    return ACTX_EINVAL;
  /* Node: an empty type is rejected when someone would see it in `init`. */
  if (type[0] == '\0' && actx__hooks_have(t, ACTX__EV_INIT))
    return ACTX_EINVAL;
  /* actx__frame_capture's common case (no storage with callbacks) inline. */
  actx_frame *cur = actx__current_frame(t);
  actx_frame *f = cur->ncbs == 0 ? actx__frame_take(t, cur) : actx__frame_capture(type);
  if (!f)
    return ACTX_ENOMEM;
  atomic_init(&r->refs, 1);
  r->id = actx__new_async_id();
  const actx_resource *in = actx__current_resource(t);
  r->trigger = opts && opts->trigger_async_id ? opts->trigger_async_id : in ? in->id : 1;
  r->type = type;
  r->frame = f;
  r->data = NULL;
  atomic_init(&r->destroyed, false);
  r->manual_destroy = opts && opts->require_manual_destroy;
  r->free_fn = free_fn;
  r->live = ACTX__LIVE_RESOURCE;
  actx__count_live(t, 1);
  actx__hooks_emit(t, ACTX__EV_INIT, r, r->id);
  return 0;
}

#endif /* ACTX_INTERNAL_H */
