/* actx/abi.h -- the layouts actx.h's inline code compiles into programs.
 *
 * Not API; layouts may change with the ABI version (symbol names
 * `actx__tls_abi2`, `actx__handoff_abi2`: a program built against another
 * layout fails to start instead of misreading it); include <actx.h> instead.
 *
 * actx.h includes this at its end; actx/bind_abi.h builds the bound-call
 * thunks on it.  What is here: the head of libactx's per-thread state, the
 * frame and storage layout that ACTX_INLINE_GET reads, the scope record that
 * callers allocate, and every bit of a scope's flags.  The runtime pins its own
 * structs to these layouts with _Static_asserts (runtime/internal.h).
 */
#ifndef ACTX_ABI_H
#define ACTX_ABI_H

#ifndef ACTX_H
#error "actx/abi.h is not API: include <actx.h> instead"
#endif

/* A static assertion that C99 -pedantic and every C++ accept without warning
 * (before C++11, as an array type whose size is -1 when `cond` is false). */
#if defined(__cplusplus) && __cplusplus >= 201103L
#define ACTX__STATIC_ASSERT(cond, msg) static_assert(cond, msg)
#elif defined(__cplusplus)
#define ACTX__STATIC_ASSERT(cond, msg) \
  typedef char ACTX__CAT(actx__static_assert_, __LINE__)[(cond) ? 1 : -1]
#else
#define ACTX__STATIC_ASSERT(cond, msg) __extension__ _Static_assert(cond, msg)
#endif

/* ------------------------------------------------------------ inline get */

/* The frame and storage layout ACTX_INLINE_GET reads (actx.h, storages);
 * shared with runtime/internal.h, which asserts that its structs match. */
struct actx__entry_abi {
  uint64_t gen;
  void *store;
  void *cbs;
};
struct actx__frame_abi {
  long refs;
  uint32_t n, cap, ncbs;
  /* struct actx__entry_abi e[n] follows, 8-byte aligned */
};
struct actx__storage_abi {
  uint32_t slot;
  uint64_t gen;
  void *default_value;
};
#define ACTX__FRAME_ENTRIES(f)                          \
  ((const struct actx__entry_abi *)((const char *)(f) + \
                                    ((sizeof(struct actx__frame_abi) + 7) & ~(size_t)7)))

/* ------------------------------------------------------------ thread state */

/* The head of libactx's per-thread state, read by inline get and by the
 * bound-call thunks of actx/bind_abi.h.  Only those may touch it. */
struct actx__thread_abi {
  const struct actx__frame_abi *frame; /* current frame; NULL: empty */
  unsigned char quiet;                 /* 1: no hook, observer or pending
                                          change watches this thread's
                                          switches, and `cur` is set (written
                                          by other threads too: read it
                                          atomically) */
  /* `cur` is not next to `frame` on purpose: compilers would merge the two
   * stores of a switch into one vector store, which a later 8-byte load of
   * either cannot forward from as quickly. */
  struct actx_scope *cur; /* innermost scope */
};
/* The versioned name is the ABI check: change this head, the frame, entry or
 * storage layout above, and the number must change (here and in
 * runtime/internal.h).  Initial-exec TLS: the library must be loaded at
 * start-up (linked, not dlopen()ed late). */
#ifndef ACTX_BUILDING
extern __thread __attribute__((tls_model("initial-exec"))) struct actx__thread_abi actx__tls_abi2;
#define ACTX__TLS_ABI (&actx__tls_abi2)
#else /* the library: the whole struct (runtime/internal.h), seen through its head */
struct actx__thread;
extern __thread __attribute__((tls_model("initial-exec"))) struct actx__thread
    actx__t __asm__("actx__tls_abi2");
#define ACTX__TLS_ABI ((struct actx__thread_abi *)(void *)&actx__t)
#endif

#if defined(ACTX_INLINE_GET) && !defined(ACTX_BUILDING)
static inline void *actx__storage_get_inline(const actx_storage *s) {
  const struct actx__storage_abi *sa = (const struct actx__storage_abi *)s;
  const struct actx__frame_abi *f = actx__tls_abi2.frame;
  if (__builtin_expect(sa == NULL, 0))
    return NULL;
  if (f && sa->slot < f->n) {
    const struct actx__entry_abi *e = &ACTX__FRAME_ENTRIES(f)[sa->slot];
    if (e->gen == __atomic_load_n(&sa->gen, __ATOMIC_RELAXED))
      return e->store;
  }
  return sa->default_value;
}
#define actx_storage_get(s) actx__storage_get_inline(s)
#endif

/* ------------------------------------------------------------ scopes */

/* The scope record (actx.h, scopes): callers allocate it, so its size is ABI;
 * bound-call thunks push and pop it inline, so its fields are too. */
struct actx_scope {
  struct actx_scope *prev_;        /* enclosing scope on this thread */
  struct actx_frame *frame_;       /* frame in effect while innermost */
  struct actx_resource *resource_; /* execution resource in effect (NULL: root) */
  unsigned flags_;                 /* ACTX__SCOPE_* */
};

/* Every bit of flags_, defined here and nowhere else: the inline leave of
 * actx/bind_abi.h compares the whole word, so a bit the runtime sets must
 * differ from the ones the inline code writes.  "runtime" marks the bits
 * only libactx's own code sets or reads. */
#define ACTX__SCOPE_ACTIVE 1u /* begun and not yet ended */
#define ACTX__SCOPE_OWNED \
  2u                                /* frame_ carries a reference the scope releases
                                       (runtime) */
#define ACTX__SCOPE_RESOURCE 4u     /* entered a resource: emit `after` at end */
#define ACTX__SCOPE_CALL 8u         /* the scope of a bound call (actx_call) */
#define ACTX__SCOPE_WANT_RESULT 16u /* until-false: hand the result over */
#define ACTX__SCOPE_RESULT_ZERO 32u /* ... and it was the stop value, 0 by default (runtime) */
#define ACTX__SCOPE_LEAVE_WORK 64u  /* the binding has work at leave (lifetime) */
/* A keyed binding that superseded an older one of its (key, slot) carries this
 * in its `slow` byte until its first call's full leave releases the older ones
 * (runtime/keyed.c).  Like every `slow` bit it is copied into the call's scope
 * on entry, where it only sends the leave the full way: that leave reads it
 * from the binding, not from the scope. */
#define ACTX__SLOW_SUPERSEDES 128u
#define ACTX__SCOPE_SLOW_ENTER 256u /* entered the full way: leave the full way (runtime) */

#define ACTX__SCOPE_ALL_FLAGS                                                         \
  (ACTX__SCOPE_ACTIVE | ACTX__SCOPE_OWNED | ACTX__SCOPE_RESOURCE | ACTX__SCOPE_CALL | \
   ACTX__SCOPE_WANT_RESULT | ACTX__SCOPE_RESULT_ZERO | ACTX__SCOPE_LEAVE_WORK |       \
   ACTX__SLOW_SUPERSEDES | ACTX__SCOPE_SLOW_ENTER)
/* No two flags share a bit: their sum equals their union only then. */
ACTX__STATIC_ASSERT(ACTX__SCOPE_ACTIVE + ACTX__SCOPE_OWNED + ACTX__SCOPE_RESOURCE +
                            ACTX__SCOPE_CALL + ACTX__SCOPE_WANT_RESULT + ACTX__SCOPE_RESULT_ZERO +
                            ACTX__SCOPE_LEAVE_WORK + ACTX__SLOW_SUPERSEDES +
                            ACTX__SCOPE_SLOW_ENTER ==
                        ACTX__SCOPE_ALL_FLAGS,
                    "actx: two scope flags share a bit");

#endif /* ACTX_ABI_H */
