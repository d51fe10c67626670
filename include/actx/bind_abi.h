/* actx/bind_abi.h -- what actx_bind.h's macros and thunks expand to.
 *
 * Not API; layouts may change with the ABI version (symbol names
 * `actx__tls_abi2`, `actx__handoff_abi2`: a program built against another
 * layout fails to start instead of misreading it); include <actx.h> instead.
 *
 * actx_bind.h includes this at its end.  What is here: the entry points the
 * binding macros call, the call record a thunk keeps on its stack, the head of
 * a binding that the inline enter reads, the inline enter and leave themselves,
 * and the preprocessor plumbing of the thunk macros.  Scope flags and the
 * thread-state head are in actx/abi.h; runtime/bound.h pins the binding's
 * struct to the head here.
 */
#ifndef ACTX_BIND_ABI_H
#define ACTX_BIND_ABI_H

#ifndef ACTX_BIND_H
#error "actx/bind_abi.h is not API: include <actx.h> instead"
#endif

/* ------------------------------------------------------------ records */

/* One bound call in progress: lives on the thunk's stack.  Fields private.
 * Its scope is on the thread's scope stack (flag ACTX__SCOPE_CALL), which is
 * how a release tells that the binding is running on this thread. */
typedef struct actx_call {
  actx_scope sc_; /* first: the entered binding's scope */
  void *bound_;   /* the binding or box */
} actx_call;
/* The runtime finds the call from its scope on the stack (a cast). */
ACTX__STATIC_ASSERT(offsetof(actx_call, sc_) == 0, "actx: actx_call must start with its scope");

/* The head of a binding or box, read by the inline enter below.  Private. */
struct actx__bound_abi {
  actx_fn fn;                          /* the target */
  const struct actx__frame_abi *frame; /* res's frame; NULL: empty */
  struct actx_resource *res;           /* the resource each call enters */
  void *data;                          /* boxes: the user data */
  unsigned char slow;                  /* nonzero: leaving takes the full path
                                          (once, until-false, a pending or
                                          finished release...); the bits are
                                          ACTX__SLOW_BITS, copied into the
                                          call's scope on entry */
};
/* Where the head is in what a stub hands a typed thunk. */
#define ACTX__STUB_BOUND_OFFSET 16

/* The scope flags of a call the inline enter made: what the inline leave
 * expects to find when the call has nothing left to do. */
#define ACTX__CALL_FAST_FLAGS (ACTX__SCOPE_ACTIVE | ACTX__SCOPE_RESOURCE | ACTX__SCOPE_CALL)
/* The scope flags a binding's `slow` byte may hold. */
#define ACTX__SLOW_BITS (ACTX__SCOPE_WANT_RESULT | ACTX__SCOPE_LEAVE_WORK | ACTX__SLOW_SUPERSEDES)
ACTX__STATIC_ASSERT(ACTX__SLOW_BITS <= 0xffu, "actx: a slow bit does not fit `slow`");
/* Any slow bit must make the word differ from the fast one, or the inline
 * leave would skip the work it stands for. */
ACTX__STATIC_ASSERT((ACTX__SLOW_BITS & ACTX__CALL_FAST_FLAGS) == 0,
                    "actx: a slow bit is one the inline enter always sets");

/* ------------------------------------------------------------ entry points */

/* Support for the macros of actx_bind.h; not for direct use.  ACTX__KEY_PARAM
 * (actx_bind.h): the key is only compared, never read through. */
ACTX_EXTERN ACTX__KEY_PARAM(4) actx_fn
    actx__bind_or_fn(actx_fn fn, const char *type, int life, const void *key, const char *slot,
                     actx_fn thunk, int thunk_reg, const actx_site *site);
ACTX_EXTERN ACTX__KEY_PARAM(4) actx_box *actx__box_or_die(actx_fn fn, void *data, int life,
                                                          const void *key, const char *slot,
                                                          const char *type, const actx_site *site);
/* What the box macros evaluate to: the box, or `data` itself when fn is NULL
 * at run time (nothing to call, so nothing to bind); and ACTX_BOXED's thunk
 * or NULL.  Functions rather than statement expressions: a macro's local
 * would be shadowed by a box macro nested in its arguments (-Wshadow), and a
 * function name tested directly warns under -Waddress. */
static inline void *actx__box_or_data(actx_fn fn, void *data, int life, const void *key,
                                      const char *slot, const char *type, const actx_site *site) {
  return fn ? (void *)actx__box_or_die(fn, data, life, key, slot, type, site) : data;
}
static inline actx_fn actx__thunk_if_fn(actx_fn fn, actx_fn thunk) {
  return fn ? thunk : 0;
}
/* The until-false macros with a stop value or a key (ACTX_UNTIL_VALUE*). */
ACTX_EXTERN ACTX__KEY_PARAM(4) actx_fn
    actx__until_bind_or_fn(actx_fn fn, const char *type, long long stop, const void *key,
                           const char *slot, actx_fn thunk, int thunk_reg);
ACTX_EXTERN ACTX__KEY_PARAM(4) void *actx__until_box_or_data(actx_fn fn, void *data, long long stop,
                                                             const void *key, const char *slot,
                                                             const char *type);
/* The full enter and leave: hooks, frame observer, lifetime work, checks. */
ACTX_EXTERN actx_fn actx__call_enter_slow(actx_call *c, void *bound);
ACTX_EXTERN void actx__call_leave_slow(actx_call *c);
ACTX_EXTERN __attribute__((noreturn)) void actx__box_null(void);
/* The keyed and close macros' entry points (runtime/bind_macros.c). */
ACTX_EXTERN ACTX__KEY_PARAM(3) actx_fn
    actx__keyed_bind_or_fn(actx_fn fn, const char *type, const void *key, const char *slot,
                           actx_fn thunk, int thunk_reg, const actx_site *site);
ACTX_EXTERN ACTX__KEY_PARAM(3) actx_box *actx__keyed_box_or_die(actx_fn fn, void *data,
                                                                const void *key, const char *slot,
                                                                const char *type,
                                                                const actx_site *site);
static inline void *actx__keyed_box_or_data(actx_fn fn, void *data, const void *key,
                                            const char *slot, const char *type,
                                            const actx_site *site) {
  return fn ? (void *)actx__keyed_box_or_die(fn, data, key, slot, type, site) : data;
}
ACTX_EXTERN ACTX__KEY_PARAM(3) actx_fn
    actx__close_bind(actx_fn fn, const char *type, const void *key, actx_fn helper, actx_fn thunk,
                     int thunk_reg, const actx_site *site);
/* In a close helper: releases the handle's bindings, returns the user's fn. */
ACTX_EXTERN actx_fn actx__close_begin(void);
/* Moves the bindings keyed to `placeholder` to `key`; releases them if NULL. */
ACTX_EXTERN ACTX__KEY_PARAM(1)
    ACTX__KEY_PARAM(2) void actx__keyed_rekey(const void *placeholder, const void *key);
/* Records the result of an until-false call (n bytes at p): whether it is
 * the binding's stop value at that width. */
ACTX_EXTERN void actx__call_result(actx_call *c, const void *p, size_t n);

/* ------------------------------------------------------------ enter, leave */

/* A thunk's handle on its call: the call record, which other code can see
 * (it is on the thread's scope stack), and a private copy of the enclosing
 * scope that the compiler can keep in a register across the callback, so
 * leaving does not wait on a reload. */
struct actx__leave {
  actx_call *c;
  struct actx_scope *up;
};

/* Makes call `c` of binding `bound` the innermost scope, with `flags` and
 * the binding's slow bits (lifetime work: once, until-false... so that leave
 * sees it), and its frame the thread's: the stores of every bound call's
 * enter (the inline one below; call.c's with hooks).  Returns the enclosing
 * scope. */
static inline __attribute__((always_inline)) struct actx_scope *
actx__call_push(struct actx__thread_abi *t, actx_call *c, void *bound, unsigned flags) {
  const struct actx__bound_abi *h = (const struct actx__bound_abi *)bound;
  struct actx_scope *up = t->cur;
  c->bound_ = bound;
  c->sc_.prev_ = up;
  c->sc_.frame_ = (struct actx_frame *)h->frame;
  c->sc_.resource_ = h->res;
  c->sc_.flags_ = flags | __atomic_load_n(&h->slow, __ATOMIC_RELAXED);
  t->cur = &c->sc_;
  t->frame = h->frame;
  return up;
}

/* Entering a bound call when nothing watches the thread (its `quiet` flag):
 * push the call's scope and switch the thread's frame -- a few loads and
 * stores, no call.  Inline so a thunk costs
 * little more than the indirect call it wraps. */
static inline __attribute__((always_inline)) actx_fn actx__call_enter(struct actx__leave *l,
                                                                      void *bound) {
  struct actx__thread_abi *t = ACTX__TLS_ABI;
  const struct actx__bound_abi *h = (const struct actx__bound_abi *)bound;
  actx_call *c = l->c;
  if (__builtin_expect(!__atomic_load_n(&t->quiet, __ATOMIC_RELAXED), 0)) {
    l->up = 0;
    return actx__call_enter_slow(c, bound);
  }
  l->up = actx__call_push(t, c, bound, ACTX__CALL_FAST_FLAGS);
  return h->fn;
}

/* Leaving: the inverse, when the callback left the thread as it found it
 * (its scope innermost and unchanged: no enter_with inside), the call has no
 * lifetime work and still nothing watches; anything else goes the full way. */
static inline __attribute__((always_inline)) void actx__call_leave(struct actx__leave *l) {
  struct actx__thread_abi *t = ACTX__TLS_ABI;
  actx_call *c = l->c;
  struct actx_scope *up;
  /* Lifetime work, a release deferred during the call and a slow entry all
   * show in the flags (a deferred release marks the running calls' scopes). */
  if (__builtin_expect(c->sc_.flags_ != ACTX__CALL_FAST_FLAGS || t->cur != &c->sc_ ||
                           !__atomic_load_n(&t->quiet, __ATOMIC_RELAXED),
                       0)) {
    actx__call_leave_slow(c);
    return;
  }
  up = l->up;
  t->cur = up;
  t->frame = (const struct actx__frame_abi *)up->frame_;
}

/* How each kind of thunk finds its binding. */
/* The TLS word through which actx__shim_tls hands over the binding. */
extern __thread __attribute__((tls_model("initial-exec"))) void *actx__handoff_abi2;
static inline __attribute__((always_inline)) actx_fn actx__thunk_enter(struct actx__leave *l) {
  return actx__call_enter(l, (char *)actx__handoff_abi2 + ACTX__STUB_BOUND_OFFSET);
}
static inline __attribute__((always_inline)) actx_fn actx__thunk_enter_b(struct actx__leave *l,
                                                                         void *binding) {
  return actx__call_enter(l, (char *)binding + ACTX__STUB_BOUND_OFFSET);
}
static inline __attribute__((always_inline)) actx_fn actx__box_enter(struct actx__leave *l,
                                                                     void **user_data) {
  void *box = *user_data;
  if (__builtin_expect(box == NULL, 0))
    actx__box_null();
  *user_data = ((const struct actx__bound_abi *)box)->data;
  return actx__call_enter(l, box);
}

/* ------------------------------------------------------------ hand-offs */

/* A take thunk's guard: the carried item's resource entered around the call
 * (res_ NULL: the item carries nothing, the scope is not begun).  Fields
 * private. */
struct actx__take_guard {
  actx_scope sc_;
  struct actx_resource *res_;
};
/* Takes out item's context and enters it (runtime/handoff.c). */
ACTX_EXTERN void actx__take_begin(struct actx__take_guard *g, const void *item);
/* Leaves it (`after`) and destroys its resource; nothing when none. */
ACTX_EXTERN void actx__take_end(struct actx__take_guard *g);

/* ------------------------------------------------------------ thunk bodies */

/* The start of every thunk body: the call record and its leave guard. */
#define ACTX__CALL_VARS \
  actx_call actx__c;    \
  struct actx__leave actx__l __attribute__((cleanup(actx__call_leave))) = {&actx__c, 0}

/* A take thunk's guard, declared after the call's: it is left first. */
#define ACTX__TAKE_VARS struct actx__take_guard actx__tk __attribute__((cleanup(actx__take_end)))

#ifndef __cplusplus
#define ACTX__ISVOID(call) __builtin_types_compatible_p(__typeof__(call), void)
/* Evaluates `call` once; hands its result to until-false bookkeeping when the
 * binding asks for it; yields it (or void). */
#define ACTX__RESULT(c, call)                                                   \
  __extension__({                                                               \
    __typeof__(__builtin_choose_expr(ACTX__ISVOID(call), 0, (call))) actx__r_ = \
        __builtin_choose_expr(ACTX__ISVOID(call), ((call), 0), (call));         \
    if (__builtin_expect((c)->sc_.flags_ & ACTX__SCOPE_WANT_RESULT, 0))         \
      actx__call_result((c), &actx__r_, sizeof actx__r_);                       \
    __builtin_choose_expr(ACTX__ISVOID(call), (void)0, actx__r_);               \
  })

/* Around each thunk body.  A thunk returns its callee's result with
 * `return ACTX__RESULT(...)` whatever the type, void included, which ISO C
 * does not allow and -Wpedantic reports in the user's file. */
#define ACTX__THUNK_BEGIN \
  _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wpedantic\"")
#define ACTX__THUNK_END _Pragma("GCC diagnostic pop")

/* Whether a parameter list is empty, in plain C99 (__VA_OPT__ is C23, which
 * -pedantic flags before it): pasted to an empty first parameter, ACTX__EMPTY_
 * is itself and expands to two arguments; pasted to a parameter's first word
 * (a type name) it is some other name.  Yields 1 or 0. */
#define ACTX__EMPTY_ ~, 1
#define ACTX__SECOND(a, b, ...) b
#define ACTX__SECOND_X(...) ACTX__SECOND(__VA_ARGS__)
#define ACTX__IS_EMPTY_FIRST(a, ...) ACTX__SECOND_X(ACTX__EMPTY_##a, 0, ~)
#define ACTX__IS_EMPTY(...) ACTX__IS_EMPTY_FIRST(__VA_ARGS__, ~)
/* `(params)`, or `(void)` for none; `(params, void *actx__b)`. */
#define ACTX__VOID_IF_EMPTY_1 void
#define ACTX__VOID_IF_EMPTY_0
#define ACTX__COMMA_IF_ANY_1
#define ACTX__COMMA_IF_ANY_0 ,
#define ACTX__PROTO(...) (__VA_ARGS__ ACTX__CAT(ACTX__VOID_IF_EMPTY_, ACTX__IS_EMPTY(__VA_ARGS__)))
#define ACTX__WITH_B(...) \
  (__VA_ARGS__ ACTX__CAT(ACTX__COMMA_IF_ANY_, ACTX__IS_EMPTY(__VA_ARGS__)) void *actx__b)

/* The K-th (0-based) element of a parenthesised argument list.  The list gets
 * a trailing ~ so that the last element still leaves `...` an argument (C99). */
#define ACTX__UNPAREN(...) __VA_ARGS__
#define ACTX__APPLY(m, ...) m(__VA_ARGS__)
#define ACTX__PICK(k, args) ACTX__APPLY(ACTX__CAT(ACTX__PICK_, k), ACTX__UNPAREN args, ~)
#define ACTX__PICK_0(a, ...) a
#define ACTX__PICK_1(_0, a, ...) a
#define ACTX__PICK_2(_0, _1, a, ...) a
#define ACTX__PICK_3(_0, _1, _2, a, ...) a
#define ACTX__PICK_4(_0, _1, _2, _3, a, ...) a
#define ACTX__PICK_5(_0, _1, _2, _3, _4, a, ...) a
#define ACTX__PICK_6(_0, _1, _2, _3, _4, _5, a, ...) a
#define ACTX__PICK_7(_0, _1, _2, _3, _4, _5, _6, a, ...) a
#define ACTX__PICK_8(_0, _1, _2, _3, _4, _5, _6, _7, a, ...) a
#define ACTX__PICK_9(_0, _1, _2, _3, _4, _5, _6, _7, _8, a, ...) a
#define ACTX__PICK_10(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, a, ...) a
#define ACTX__PICK_11(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, a, ...) a
#endif /* !__cplusplus */

#endif /* ACTX_BIND_ABI_H */
