/* bind.c -- stub bindings: actx_bind() and friends.
 *
 * A binding (struct actx__binding) is paired with one stub for the life of the
 * process: the stub's slot points to the binding, and the binding records the
 * stub's address.  Creating a binding takes a free pair, fills it, and makes
 * its `entry` live; releasing it points `entry` at actx__stub_dead and puts the
 * pair back on a free list (call.c does both through stub_ops: arm, kill,
 * recycle).  So a released pointer never reaches a stale
 * target: until the pair is reused, calling it is a fatal error; afterwards it
 * calls the new binding (the stub was handed out again).
 *
 * Reuse is what turns a stale call into a call of some unrelated function, so
 * released pairs wait in a FIFO quarantine before reuse: the pool grows rather
 * than hand out a pair fewer than QUARANTINE others were released after
 * (docs/binding.md states the guarantee):
 *   - each thread has `ready` pairs (fresh from a chunk, or out of the shared
 *     queue: never quarantined again) and a queue of the pairs released on it,
 *     oldest first; it takes a ready pair, else the oldest released one while
 *     more than QUARANTINE were released after it, else refills;
 *   - a queue longer than CACHE_MAX spills its oldest CACHE_MAX / 2 (each
 *     with more than QUARANTINE released after it) to the tail of the shared
 *     queue; a thread's exit moves its whole queue there, and its ready pairs
 *     to the head;
 *   - a refill takes BATCH pairs from the head of the shared queue while it
 *     holds more than QUARANTINE, else makes a chunk of fresh pairs.
 * No lock and no malloc on the steady-state bind/unbind path.  Pairs are made
 * CHUNK at a time and never freed: their stubs cannot be.
 *
 * Invariants: `entry` is written with release order after everything a call
 * reads; a stub's slot is written once, before its binding is first handed out;
 * a free pair is DEAD and its `entry` is actx__stub_dead.  pairs_lock guards
 * the global free list and the chunks.
 */
#include "bound.h"
#include "stubs.h"

#include <errno.h>
#include <pthread.h>
#include <stddef.h>

/* One cache line holds everything a call reads (entry, thunk, the bound
 * head); the second the embedded resource.  Free bindings are linked through
 * h.free_next; a stub binding's h.data holds its stub's address. */
struct actx__binding {
  _Alignas(64) void *_Atomic entry; /* offset 0: where the stub jumps */
  actx_fn thunk;                    /* offset 8: typed thunk, for actx__shim_tls */
  struct actx__bound h;             /* what typed thunks read (ACTX__STUB_BOUND_OFFSET) */
};
_Static_assert(offsetof(struct actx__binding, entry) == 0, "stub ABI");
_Static_assert(offsetof(struct actx__binding, thunk) == 8, "stub ABI");
_Static_assert(offsetof(struct actx__binding, h) == ACTX__STUB_BOUND_OFFSET, "stub ABI");
_Static_assert(offsetof(struct actx__binding, h.own) == 64, "the call path's fields fill line 1");
#define NEXT(b) (*(struct actx__binding **)&(b)->h.free_next)
#define CODE(b) ((actx_fn)(uintptr_t)(b)->h.data)

/* The generic path's register save area (offsets used by the .S). */
#ifdef __aarch64__
struct actx__gsave {
  uint64_t gp[10];                     /* x0-x8 in (x8: indirect result); x0, x1 out */
  _Alignas(16) unsigned char q[8][16]; /* q0-q7 in; q0-q3 out */
  void *stack;                         /* the caller's first stack argument */
};
_Static_assert(offsetof(struct actx__gsave, q) == 80, "stub ABI");
_Static_assert(offsetof(struct actx__gsave, stack) == 208, "stub ABI");
_Static_assert(sizeof(struct actx__gsave) <= 224, "stub ABI");
#define GSAVE_RET32(s) ((uint32_t)(s)->gp[0])
#define MAX_THUNK_REG 8
#else
struct actx__gsave {
  uint64_t gp[6];                        /* rdi rsi rdx rcx r8 r9 */
  uint64_t rax;                          /* %al (vector registers used) in; %rax out */
  uint64_t rdx;                          /* out */
  _Alignas(16) unsigned char xmm[8][16]; /* xmm0-7 in; xmm0, xmm1 out */
  unsigned char x87[2][16];              /* st0, st1 out (fstpt) */
  uint64_t x87n;                         /* how many of them */
  void *stack;                           /* the caller's first stack argument */
};
_Static_assert(offsetof(struct actx__gsave, rax) == 48, "stub ABI");
_Static_assert(offsetof(struct actx__gsave, xmm) == 64, "stub ABI");
_Static_assert(offsetof(struct actx__gsave, x87) == 192, "stub ABI");
_Static_assert(offsetof(struct actx__gsave, x87n) == 224, "stub ABI");
_Static_assert(offsetof(struct actx__gsave, stack) == 232, "stub ABI");
_Static_assert(sizeof(struct actx__gsave) <= 256, "stub ABI");
#define GSAVE_RET32(s) ((uint32_t)(s)->rax)
#define MAX_THUNK_REG 6
#endif

#if ACTX__HAVE_STUBS
extern char actx__generic_tramp[], actx__shim_tls[], actx__stub_dead[];
/* actx__shim_gpK: binding -> integer argument register K, then the thunk. */
extern char actx__shim_gp0[], actx__shim_gp1[], actx__shim_gp2[], actx__shim_gp3[],
    actx__shim_gp4[], actx__shim_gp5[];
#ifdef __aarch64__
extern char actx__shim_gp6[], actx__shim_gp7[];
#endif
static char *const shims[MAX_THUNK_REG + 1] = {
    actx__shim_tls, actx__shim_gp0, actx__shim_gp1, actx__shim_gp2,
    actx__shim_gp3, actx__shim_gp4, actx__shim_gp5,
#ifdef __aarch64__
    actx__shim_gp6, actx__shim_gp7,
#endif
};
ACTX__HIDDEN void actx__generic_invoke(struct actx__gsave *s, actx_fn fn);
#endif

/* Read by typed thunks right after the stub jumped to them (actx_bind.h). */
__thread __attribute__((tls_model("initial-exec"), visibility("default"))) void *actx__handoff_abi2;

#define CHUNK 64
#define QUARANTINE 64 /* the N of docs/binding.md's guarantee */
#define CACHE_MAX 128
#define BATCH 32
_Static_assert(CACHE_MAX - CACHE_MAX / 2 >= QUARANTINE, "a spilled pair served its quarantine");

struct chunk {
  struct actx__binding b[CHUNK]; /* first: 64-byte aligned */
  struct chunk *next;            /* all chunks, so leak checkers see them */
};

#if ACTX__HAVE_STUBS
static struct actx__mutex pairs_lock = ACTX__MUTEX_INIT;
/* The shared queue of free pairs, oldest first, and the chunks; guarded by
 * pairs_lock. */
static struct actx__binding *ghead, *gtail;
static unsigned long gn;
static struct chunk *chunks;

void actx__bind_fork_lock(bool on) {
  if (on)
    actx__mutex_lock(&pairs_lock);
  else
    actx__mutex_unlock(&pairs_lock);
}

struct cache {
  struct actx__binding *ready;         /* may be handed out now; a stack */
  struct actx__binding *qhead, *qtail; /* released here, oldest first */
  unsigned nq;                         /* pairs in that queue */
  bool armed;                          /* thread-exit flush registered */
};
static ACTX__TLS struct cache cache;
static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;

/* Appends the list first..last (n pairs, linked) to the shared queue.
 * Called with pairs_lock. */
static void gq_append(struct actx__binding *first, struct actx__binding *last, unsigned long n) {
  assert(actx__mutex_held(&pairs_lock));
  NEXT(last) = NULL;
  if (gtail)
    NEXT(gtail) = first;
  else
    ghead = first;
  gtail = last;
  gn += n;
}

static void cache_flush(void *arg) {
  struct cache *c = arg;
  c->armed = false;
  actx__mutex_lock(&pairs_lock);
  if (c->qhead)
    gq_append(c->qhead, c->qtail, c->nq);
  /* Ready pairs served their time (or are fresh): to the head. */
  while (c->ready) {
    struct actx__binding *b = c->ready;
    c->ready = NEXT(b);
    NEXT(b) = ghead;
    ghead = b;
    if (!gtail)
      gtail = b;
    gn++;
  }
  actx__mutex_unlock(&pairs_lock);
  c->qhead = c->qtail = NULL;
  c->nq = 0;
}

static void make_key(void) {
  if (pthread_key_create(&cache_key, cache_flush) != 0)
    actx__fatal("cannot create the binding cache key");
}

static void cache_arm(struct cache *c) {
  pthread_once(&cache_once, make_key);
  if (pthread_setspecific(cache_key, c) == 0)
    c->armed = true;
}

/* Refills the ready stack from the shared queue or a new chunk, and takes
 * one.  NULL: no memory or no stubs left (quarantined pairs are not used
 * then: that would break the guarantee). */
static struct actx__binding *refill(struct cache *c) {
  if (!c->armed)
    cache_arm(c);
  actx__mutex_lock(&pairs_lock);
  if (gn > QUARANTINE) {
    for (unsigned i = 0; i < BATCH && gn > QUARANTINE; i++) {
      struct actx__binding *b = ghead;
      ghead = NEXT(b);
      if (!ghead)
        gtail = NULL;
      gn--;
      NEXT(b) = c->ready;
      c->ready = b;
    }
  } else {
    struct chunk *ch = actx__malloc_aligned(_Alignof(struct chunk), sizeof *ch);
    struct actx__stub st[CHUNK];
    unsigned got = ch ? actx__stubs_alloc(CHUNK, st) : 0;
    if (!got) {
      actx__mutex_unlock(&pairs_lock);
      actx__free(ch);
      return NULL;
    }
    ch->next = chunks;
    chunks = ch;
    for (unsigned i = got; i-- > 0;) {
      struct actx__binding *b = &ch->b[i];
      atomic_init(&b->entry, (void *)actx__stub_dead);
      atomic_init(&b->h.state, ACTX__ST_DEAD);
      b->h.res = NULL;
      b->h.data = (void *)(uintptr_t)st[i].code;
      *st[i].slot = b;
      NEXT(b) = c->ready;
      c->ready = b;
    }
  }
  actx__mutex_unlock(&pairs_lock);
  struct actx__binding *b = c->ready;
  c->ready = NEXT(b);
  return b;
}

static inline struct actx__binding *pair_get(void) {
  struct cache *c = &cache;
  struct actx__binding *b = c->ready;
  if (ACTX__LIKELY(b)) {
    c->ready = NEXT(b);
    return b;
  }
  if (ACTX__LIKELY(c->nq > QUARANTINE)) {
    /* The oldest released pair: nq - 1 >= QUARANTINE were released after it. */
    b = c->qhead;
    c->qhead = NEXT(b);
    c->nq--;
    return b;
  }
  return refill(c);
}

static void pair_put(struct actx__binding *b) {
  struct cache *c = &cache;
  NEXT(b) = NULL;
  if (c->qtail)
    NEXT(c->qtail) = b;
  else
    c->qhead = b;
  c->qtail = b;
  if (ACTX__UNLIKELY(!c->armed))
    cache_arm(c);
  if (ACTX__UNLIKELY(++c->nq > CACHE_MAX)) {
    /* Spill the oldest half, so a thread that only releases (a worker
     * running once callbacks bound elsewhere) does not hoard pairs. */
    struct actx__binding *first = c->qhead, *last = first;
    for (unsigned i = 1; i < CACHE_MAX / 2; i++)
      last = NEXT(last);
    c->qhead = NEXT(last);
    c->nq -= CACHE_MAX / 2;
    actx__mutex_lock(&pairs_lock);
    gq_append(first, last, CACHE_MAX / 2);
    actx__mutex_unlock(&pairs_lock);
  }
}

#define BINDING_OF(hp) ((struct actx__binding *)((char *)(hp)-offsetof(struct actx__binding, h)))

/* A released pointer must not reach the binding: its calls become fatal. */
static void binding_kill(struct actx__bound *h) {
  atomic_store_explicit(&BINDING_OF(h)->entry, (void *)actx__stub_dead, memory_order_release);
}

static void binding_recycle(actx_resource *own) {
  struct actx__binding *b = BINDING_OF(actx__bound_of_own(own));
  /* Free pairs are DEAD and their stubs lead to actx__stub_dead. */
  assert(atomic_load_explicit(&b->h.state, memory_order_relaxed) == ACTX__ST_DEAD &&
         atomic_load_explicit(&b->entry, memory_order_relaxed) == (void *)actx__stub_dead);
  pair_put(b);
}

/* Points the stub at its thunk (or the generic path): last, with release
 * order, so a call through it sees everything above. */
static void binding_arm(struct actx__bound *h, const actx_bind_options *o) {
  struct actx__binding *b = BINDING_OF(h);
  b->thunk = o->thunk;
  atomic_store_explicit(&b->entry,
                        o->thunk ? (void *)shims[o->thunk_reg] : (void *)actx__generic_tramp,
                        memory_order_release);
}

static const struct actx__bound_ops stub_ops = {
    .kind = ACTX__KIND_STUB, .arm = binding_arm, .kill = binding_kill, .recycle = binding_recycle};
#else
/* No stubs: no pairs, and nothing to lock. */
void actx__bind_fork_lock(bool on) {
  (void)on;
}
#endif /* ACTX__HAVE_STUBS */

/* ------------------------------------------------------------ calls */

#if ACTX__HAVE_STUBS
/* Called by actx__generic_tramp with the binding and the saved registers. */
ACTX__HIDDEN void actx__bind_generic(struct actx__binding *b, struct actx__gsave *s);
static void generic_leave(struct actx__leave *l) {
  actx__call_leave(l);
}

void actx__bind_generic(struct actx__binding *b, struct actx__gsave *s) {
  /* The cleanup leaves the call also when unwinding through the callback. */
  actx_call c;
  struct actx__leave l __attribute__((cleanup(generic_leave))) = {&c, NULL};
  actx_fn fn = actx__call_enter(&l, &b->h);
  actx__generic_invoke(s, fn);
  if (ACTX__UNLIKELY(c.sc_.flags_ & ACTX__SCOPE_WANT_RESULT) &&
      GSAVE_RET32(s) == (uint32_t)b->h.stop)
    c.sc_.flags_ |= ACTX__SCOPE_RESULT_ZERO;
}
#endif

ACTX__HIDDEN _Noreturn void actx__bind_dead_call(struct actx__binding *b);
void actx__bind_dead_call(struct actx__binding *b) {
  /* The pair outlives its binding, so its own resource's type is still there;
   * a foreign resource may be gone. */
  const char *type = b->h.res == &b->h.own && b->h.own.type ? b->h.own.type : "?";
  /* Its sites are static descriptors, kept until the stub is reused. */
  char where[1024];
  actx__sites_format(b->h.sites, where, sizeof where);
  actx__fatal("a released binding was called (type \"%s\", stub %p): the callback's "
              "lifetime ended before its last call; it was registered at:\n%s",
              type, (void *)CODE(b), where);
}

/* ------------------------------------------------------------ API */

/* Inline into both entry points, so actx_bind()'s constant options fold its
 * checks away. */
static inline __attribute__((always_inline)) actx_fn bind_with(actx_fn fn,
                                                               const actx_bind_options *o) {
  static const actx_bind_options none;
  if (!o)
    o = &none;
  /* Options that mean nothing are refused rather than guessed at: a register
   * with no thunk to receive the binding in it, one the ABI does not have. */
  if (!fn || (unsigned)o->lifetime > ACTX_LIFE_FOREVER ||
      (o->lifetime == ACTX_LIFE_KEYED && (!o->key || !o->slot)) ||
      (o->lifetime == ACTX_LIFE_UNTIL_FALSE && o->key && !o->slot) ||
      (unsigned)o->thunk_reg > MAX_THUNK_REG || (o->thunk_reg && !o->thunk)) {
    errno = EINVAL;
    return NULL;
  }
#if !ACTX__HAVE_STUBS
  errno = ENOTSUP;
  return NULL;
#else
  struct actx__binding *b = pair_get();
  if (!b) {
    errno = ENOMEM;
    return NULL;
  }
  assert(atomic_load_explicit(&b->h.state, memory_order_relaxed) == ACTX__ST_DEAD &&
         atomic_load_explicit(&b->entry, memory_order_relaxed) == (void *)actx__stub_dead);
  int err = actx__bound_create(&b->h, fn, o, &stub_ops);
  if (err) {
    errno = -err;
    return NULL;
  }
  return CODE(b);
#endif
}

actx_fn actx_bind_with(actx_fn fn, const actx_bind_options *o) {
  return bind_with(fn, o);
}

/* ACTX_ONCE(_T) without key or slot: what bind_with() makes for those
 * options, by a path with nothing to decode (no foreign resource, no
 * registry).  A one-shot callback -- a write's completion -- is bound and
 * finished once per request in a server (docs/performance.md). */
actx_fn actx__bind_once(actx_fn fn, const char *type, actx_fn thunk, int thunk_reg,
                        const actx_site *site) {
  if (!fn || !type || (unsigned)thunk_reg > MAX_THUNK_REG || (thunk_reg && !thunk)) {
    errno = EINVAL;
    return NULL;
  }
#if !ACTX__HAVE_STUBS
  (void)site;
  errno = ENOTSUP;
  return NULL;
#else
  struct actx__binding *b = pair_get();
  if (!b) {
    errno = ENOMEM;
    return NULL;
  }
  int err = actx__bound_start_once(&b->h, fn, type, site, &stub_ops);
  if (err) {
    binding_recycle(&b->h.own);
    errno = -err;
    return NULL;
  }
  b->thunk = thunk;
  atomic_store_explicit(&b->entry, thunk ? (void *)shims[thunk_reg] : (void *)actx__generic_tramp,
                        memory_order_release);
  return CODE(b);
#endif
}

actx_fn actx_bind(actx_fn fn, const char *type) {
  actx_bind_options o = {.type = type};
  return bind_with(fn, &o);
}

actx_fn actx_resource_bind(actx_resource *r, actx_fn fn) {
  if (!r) {
    errno = EINVAL;
    return NULL;
  }
  actx_bind_options o = {.resource = r};
  return actx_bind_with(fn, &o);
}

/* The live-or-pending binding behind a stub address, or NULL. */
static struct actx__binding *lookup(actx_fn bound) {
  if (!bound)
    return NULL;
  void **slot = actx__stub_slot(bound);
  if (!slot)
    return NULL;
  struct actx__binding *b = *slot;
  if (!b || CODE(b) != bound ||
      atomic_load_explicit(&b->h.state, memory_order_acquire) == ACTX__ST_DEAD)
    return NULL;
  return b;
}

int actx_unbind(actx_fn bound) {
  struct actx__binding *b = lookup(bound);
  if (!b)
    return ACTX_EINVAL;
  return actx__bound_release(&b->h) ? ACTX_EINVAL : 0;
}

actx_resource *actx_bound_resource(actx_fn bound) {
  struct actx__binding *b = lookup(bound);
  if (!b) {
    errno = EINVAL;
    return NULL;
  }
  return b->h.res;
}
