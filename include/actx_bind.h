/* actx_bind.h -- binding C function pointers to a context (included by actx.h).
 *
 * A C function pointer carries no data, so binding one to the current context
 * needs one of three mechanisms (docs/binding.md has the details and numbers):
 *
 *   stub      actx_bind(fn) returns the address of a pre-assembled stub whose
 *             data slot points to the binding.  Works for any signature,
 *             variadic ones included; the generic path copies the argument
 *             registers and up to ACTX_BIND_STACK_BYTES of stack arguments.
 *   thunk     the same stub, jumping to a typed C thunk (ACTX_THUNK) instead of
 *             the generic path: faster, and needs a known signature.
 *   box       for APIs that hand a `void *` user-data back to the callback:
 *             (fn, data) becomes (thunk, box{fn, data, context}).  No stub.
 *
 * Every binding is a resource (actx_bound_resource()), so hooks see init at
 * bind time, before/after around each call and destroy at release, once each.
 * A call runs fn with the arguments it was given, in the frame captured at bind
 * time, with the binding's async id as execution id, then restores the
 * caller's frame and ids and returns fn's result.
 *
 * Lifetimes say when a binding is released (destroy hook, captured frame
 * released, stub recycled); see actx_lifetime.  A release requested while the
 * binding's callback is running on the releasing thread is deferred until that
 * call returns.
 *
 * Unwinding: a C++ exception or pthread_exit() through a bound callback
 * restores the caller's context (the generic path always; thunks when the file
 * defining them is compiled with -fexceptions).  longjmp() out of a bound
 * callback is not supported: the binding's scope is left on the thread's scope
 * stack and the next scope end on that thread is fatal ("async hook stack has
 * become corrupted").
 *
 * Signals: calling a bound function from a signal handler is safe (no malloc,
 * no locks) for manual, keyed and forever bindings, generic path, box thunks
 * and register-ABI typed thunks, while no hook set change is pending for the
 * thread (refreshing the hook snapshot takes a lock); with hooks enabled it is
 * as safe as the hooks.  A once or until-false binding released by such a call
 * takes a lock.  TLS-ABI typed thunks have a short unsafe window (see
 * docs/binding.md).
 */
#ifndef ACTX_BIND_H
#define ACTX_BIND_H

#include "actx.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Keys are addresses that are compared, never read through.  Said so to
 * GCC 11+, which otherwise takes the address of a not yet initialized object
 * passed as a key (libevent's `event_assign(&ev, ...)` keyed to &ev,
 * ACTX_KEYED_BY_RESULT's placeholder) for a read of it
 * (-Wmaybe-uninitialized).  For callers only: in the library's definitions
 * GCC would take the key's target for uninitialized memory instead. */
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 11 && !defined(ACTX_BUILDING)
#define ACTX__KEY_PARAM(n) __attribute__((access(none, n)))
#else
#define ACTX__KEY_PARAM(n)
#endif

/* A generic function pointer type: cast to it and back, like void * for data. */
typedef void (*actx_fn)(void);

typedef struct actx_box actx_box;

/* When a binding is released. */
typedef enum actx_lifetime {
  ACTX_LIFE_MANUAL = 0,  /* by actx_unbind() / actx_box_free() */
  ACTX_LIFE_ONCE,        /* after its first call returns */
  ACTX_LIFE_KEYED,       /* by actx_release_slot()/actx_release_key(); a
                            binding superseded by a newer one of its (key,
                            slot) when that one is first called */
  ACTX_LIFE_UNTIL_FALSE, /* after a call whose result is `stop` (default 0),
                            compared at the result's width (the low 32 bits
                            on the generic path: gboolean, int, bool); with a
                            key, also by a release of its (key, slot) --
                            whichever comes first */
  ACTX_LIFE_FOREVER      /* never (atexit handlers) */
} actx_lifetime;

/* Bytes of stack-passed arguments the generic path forwards.  A callback whose
 * stack arguments need more is not supported (use a typed thunk). */
#define ACTX_BIND_STACK_BYTES 256

typedef struct actx_bind_options {
  const char *type;        /* resource type, borrowed; NULL: "bound-anonymous-fn" */
  actx_lifetime lifetime;  /* default ACTX_LIFE_MANUAL */
  const void *key;         /* ACTX_LIFE_KEYED: the owning object (any pointer) */
  const char *slot;        /* ACTX_LIFE_KEYED: which of its callbacks; borrowed */
  actx_fn thunk;           /* a typed thunk made with ACTX_THUNK*, or NULL */
  int thunk_reg;           /* how the thunk gets its binding: 0 = TLS hand-off
                             (ACTX_THUNK); k+1 = in integer argument register
                             k, 0-based (ACTX_THUNK_R; x86-64: k < 6,
                             AArch64: k < 8); anything else is EINVAL */
  actx_resource *resource; /* run under this resource instead of a new one */
  const actx_site *site;   /* where it was registered (kept, not copied), or NULL */
  long long stop;          /* ACTX_LIFE_UNTIL_FALSE: the result that ends it
                             (AE_NOMORE is -1), taken modulo the result's
                             width; default 0 */
} actx_bind_options;

/* AsyncResource.bind(fn): a new function pointer that calls fn in the current
 * context, under a new resource of the given type (NULL: "bound-anonymous-fn").
 * Lives until actx_unbind().  Cast the result back to fn's type (ACTX_BIND does
 * it for you).  NULL + errno: EINVAL (NULL fn, or an empty type while an init
 * hook is enabled), ENOMEM (no memory or no stub left), ENOTSUP (no stubs on
 * this architecture).  Binding a bound pointer is harmless: the call enters
 * the outer binding, then the inner one, and fn sees the inner (first) context. */
ACTX_EXTERN actx_fn actx_bind(actx_fn fn, const char *type);

/* actx_bind() with a lifetime, a typed thunk, or an existing resource; `o` may
 * be NULL.  Keyed: binding (key, slot) again supersedes the previous binding
 * of that pair, which stays callable (the API may have refused the new one)
 * until the new one is first called or the key is released.  Errors as
 * actx_bind(), plus EINVAL for an unknown lifetime, a keyed binding without
 * key or slot, a thunk_reg out of range, or a nonzero thunk_reg without a
 * thunk (checked before ENOTSUP). */
ACTX_EXTERN actx_fn actx_bind_with(actx_fn fn, const actx_bind_options *o);

/* asyncResource.bind(fn): calls run under `r` (its id, trigger id and frame);
 * no new resource is made, so no init/destroy hook fires for the binding.  The
 * binding holds a reference to r until it is unbound.  Errors as actx_bind(). */
ACTX_EXTERN actx_fn actx_resource_bind(actx_resource *r, actx_fn fn);

/* Releases a binding of any lifetime now (deferred until return when its
 * callback is running on this thread).  Calling a released pointer is fatal
 * until its stub is reused by a later binding, which waits for at least 64
 * other releases (docs/binding.md, "Quarantine").  0; ACTX_EINVAL when `bound`
 * is not a live binding made by actx_bind*.  Releasing the same manual, keyed or
 * forever binding from two threads at once is a bug (like a double free). */
ACTX_EXTERN int actx_unbind(actx_fn bound);

/* The resource a binding runs under (borrowed: valid until the binding is
 * released, or retain it).  NULL + errno=EINVAL for anything else. */
ACTX_EXTERN actx_resource *actx_bound_resource(actx_fn bound);

/* Releases every binding and box keyed to `key` / to (key, slot), superseded
 * ones included, but not close bindings (ACTX_CLOSE_T), which release the key
 * when they run.  Returns how many were released (0 when none).  Both are
 * no-ops for a NULL key. */
ACTX_EXTERN ACTX__KEY_PARAM(1) int actx_release_key(const void *key);
ACTX_EXTERN ACTX__KEY_PARAM(1) int actx_release_slot(const void *key, const char *slot);

/* What a getter hands back, mapped back to what the program passed: a stub
 * of a live binding (any ACTX_* stub form, typed or not) gives its target
 * function; anything else is returned unchanged (NULL, a function that was
 * never bound, a released binding's stub).  Boxes and box thunks cannot be
 * told from the program's own values, so APIs with a getter must not box
 * (docs/contracts.md).  A close binding (ACTX_CLOSE_T) gives its helper.
 * Lock-free; racing with the binding's release on another thread may return
 * either value.  ACTX_UNWRAP_FN(fn) keeps fn's type; actx_unwrap_fn_at(p)
 * rewrites the function pointer stored at p (any function pointer type; NULL
 * p: nothing), for out-parameters. */
ACTX_EXTERN actx_fn actx_unwrap_fn(actx_fn fn);
ACTX_EXTERN void actx_unwrap_fn_at(void *fnptr_location);

/* How many times an ACTX_* binding macro fell back to the unbound function
 * because the binding could not be made. */
ACTX_EXTERN size_t actx_bind_failures(void);

/* ACTX_INT_KEY(k): an integer key (a file descriptor, an id: Redis keys its
 * file events by fd) as the address that keys are.  An integer is not a
 * pointer (-Wint-conversion, an error with GCC 14), so it is converted
 * explicitly; the value is masked to its own width and complemented, so that
 * no value of a type narrower than a pointer -- fd 0 included -- gives NULL,
 * which a keyed binding refuses, and small values land at the top of the
 * address space, where no object's address (another key) can be.  A type as
 * wide as a pointer or wider is taken modulo the pointer's width (there, -1
 * is NULL).  k is evaluated once. */
#define ACTX_INT_KEY(k) \
  ((const void *)~((uintptr_t)(k) & (~(uintptr_t)0 >> ACTX__INT_KEY_SHIFT(k))))
#define ACTX__INT_KEY_SHIFT(k) \
  (sizeof(k) < sizeof(uintptr_t) ? 8 * (sizeof(uintptr_t) - sizeof(k)) : 0)

/* ACTX_INT_SLOT(n), ACTX_BITS_SLOT(mask): slots known only at run time, for
 * APIs whose callback slot is an argument (an event kind, a mask).  Slots are
 * `const char *` compared by content; these two are values no string can
 * have (the top of the address space, like ACTX_INT_KEY's) and are compared
 * by value instead, never read through.  n and mask are taken modulo 2^32
 * (2^12 where pointers are 32 bits wide).
 *   ACTX_INT_SLOT(n): slot number n; never the same slot as any string
 *     ("1" included).
 *   ACTX_BITS_SLOT(mask): every bit set in mask is a slot of its own (Redis's
 *     ae: READABLE 1, WRITABLE 2).  A binding made with several bits is held
 *     by each: actx_release_slot(key, ACTX_BITS_SLOT(m)) takes the bits of m
 *     from every bits binding of the key and releases those left with none;
 *     a newer bits binding of the key supersedes an older one only in the
 *     bits they share (the older is released when its last bit goes).  A
 *     mask of 0 holds no slot: only actx_release_key() releases it.  Bits
 *     slots and integer slots are separate: ACTX_INT_SLOT(1) is not bit 1. */
#define ACTX__SLOT_WIDTH (sizeof(uintptr_t) > 4 ? 32 : 12)
#define ACTX__SLOT_MASK (~(uintptr_t)0 >> (8 * sizeof(uintptr_t) - ACTX__SLOT_WIDTH))
#define ACTX_INT_SLOT(n) ((const char *)~((uintptr_t)(n)&ACTX__SLOT_MASK))
#define ACTX_BITS_SLOT(mask) \
  ((const char *)~(((uintptr_t)(mask)&ACTX__SLOT_MASK) + ACTX__SLOT_MASK + 1))

/* ------------------------------------------------------------ boxes */

/* A box: `fn` and `data` with a resource capturing the current context, for
 * APIs that pass `data` back to `fn`.  Pass a thunk made with ACTX_BOX_THUNK
 * and the box in place of (fn, data).  `o` as for actx_bind_with (thunk and
 * thunk_reg are ignored).  NULL + errno EINVAL (NULL fn, unknown lifetime,
 * keyed without key or slot) / ENOMEM. */
ACTX_EXTERN actx_box *actx_box_new(actx_fn fn, void *data, const actx_bind_options *o);
/* Releases a box of any lifetime (deferred while its callback runs on this
 * thread).  0, ACTX_EINVAL for NULL, ACTX_EALREADY when a deferred release is
 * already pending.  The box is freed once released: don't use it after
 * (freeing it again is fatal, docs/api.md "Misuse"). */
ACTX_EXTERN int actx_box_free(actx_box *box);
ACTX_EXTERN void *actx_box_data(const actx_box *box);
ACTX_EXTERN actx_resource *actx_box_resource(const actx_box *box);

/* ------------------------------------------------------------ macros */

/* What rewritten code and hand-written call sites use (docs/rewrite-contract.md).
 * Each stub macro evaluates fn once and has fn's type; a NULL fn gives NULL; if
 * the binding cannot be made, it gives fn unbound and counts the failure.  The
 * resource type is fn's spelling ("on_read"), which is what hooks see. */
#ifdef __cplusplus
#define ACTX__FNTYPE(fn) decltype(&*(fn))
#else
#define ACTX__FNTYPE(fn) __typeof__(&*(fn))
#endif

/* ACTX_UNWRAP_FN(fn): actx_unwrap_fn with fn's type; fn is evaluated once. */
#define ACTX_UNWRAP_FN(fn) ((ACTX__FNTYPE(fn))actx_unwrap_fn((actx_fn)(fn)))

/* ACTX__SITE(fn): the registration site of a binding macro's expansion, a
 * static descriptor (no cost on the bound-call path).  __FILE__ and __LINE__
 * are the user's own in actx-rewrite's output too (its #line directives).
 * The statement expression holds only the descriptor, never the macro's
 * arguments, so nested binding macros shadow nothing (-Wshadow). */
#if defined(__GNUC__) || defined(__clang__)
#define ACTX__SITE(fn)                                                                        \
  (__extension__({                                                                            \
    static const actx_site actx__site = {__FILE__, __LINE__, __func__, #fn, (const char *)0}; \
    &actx__site;                                                                              \
  }))
#else
#define ACTX__SITE(fn) ((const actx_site *)0)
#endif

/* No local variable: a name declared here would be in scope in the key and
 * slot arguments, so a binding macro inside them would shadow it (-Wshadow).
 * The casts check that fn is a function (pointer); it is evaluated once. */
#define ACTX__BINDM(fn, life, key, slot, thunk, reg)                                             \
  ((ACTX__FNTYPE(fn))actx__bind_or_fn((actx_fn)(fn), #fn, (life), (key), (slot), (thunk), (reg), \
                                      ACTX__SITE(fn)))

#define ACTX_BIND(fn) ACTX__BINDM(fn, ACTX_LIFE_MANUAL, 0, 0, 0, 0)
#define ACTX_ONCE(fn) ACTX__BINDM(fn, ACTX_LIFE_ONCE, 0, 0, 0, 0)
#define ACTX_KEYED(fn, key, slot) ACTX__BINDK(fn, key, slot, 0, 0)
#define ACTX_UNTIL_FALSE(fn) ACTX__BINDM(fn, ACTX_LIFE_UNTIL_FALSE, 0, 0, 0, 0)
#define ACTX_FOREVER(fn) ACTX__BINDM(fn, ACTX_LIFE_FOREVER, 0, 0, 0, 0)

/* The same through a typed thunk `name` declared with ACTX_THUNK or
 * ACTX_THUNK_R (whose declaration also says how it gets its binding). */
#define ACTX__T(name) (actx_fn)(name), name##__actx_reg
#define ACTX__BINDT(...) ACTX__BINDM(__VA_ARGS__) /* expands ACTX__T first */
#define ACTX_BIND_T(name, fn) ACTX__BINDT(fn, ACTX_LIFE_MANUAL, 0, 0, ACTX__T(name))
#define ACTX_ONCE_T(name, fn) ACTX__BINDT(fn, ACTX_LIFE_ONCE, 0, 0, ACTX__T(name))
#define ACTX_KEYED_T(name, fn, key, slot) ACTX__BINDKT(fn, key, slot, ACTX__T(name))
#define ACTX_UNTIL_FALSE_T(name, fn) ACTX__BINDT(fn, ACTX_LIFE_UNTIL_FALSE, 0, 0, ACTX__T(name))
#define ACTX_FOREVER_T(name, fn) ACTX__BINDT(fn, ACTX_LIFE_FOREVER, 0, 0, ACTX__T(name))

/* Boxes (the result is a void * to pass as the user data).  A NULL fn (a
 * callback variable holding NULL) boxes nothing: the API gets `data` itself,
 * as the program passed it (and ACTX_BOXED gives NULL, not the thunk). */
#define ACTX__BOXM(fn, data, life, key, slot) \
  actx__box_or_data((actx_fn)(fn), (void *)(data), (life), (key), (slot), #fn, ACTX__SITE(fn))
#define ACTX_BOX_ONCE(fn, data) ACTX__BOXM(fn, data, ACTX_LIFE_ONCE, 0, 0)
#define ACTX_BOX_KEYED(fn, data, key, slot) \
  actx__keyed_box_or_data((actx_fn)(fn), (void *)(data), (key), (slot), #fn, ACTX__SITE(fn))
#define ACTX_BOX_UNTIL_FALSE(fn, data) ACTX__BOXM(fn, data, ACTX_LIFE_UNTIL_FALSE, 0, 0)
#define ACTX_BOX_FOREVER(fn, data) ACTX__BOXM(fn, data, ACTX_LIFE_FOREVER, 0, 0)

/* Until-false with a stop value other than 0, or keyed as well (released by
 * a call returning `stop` or by a release of (key, slot), whichever comes
 * first: a GLib source removed by id, a Redis timer deleted by id).  The
 * stop value is compared at the width of the thunk's result type; the
 * agnostic stub (ACTX_UNTIL_VALUE, no _T) compares the low 32 bits, so use
 * it only for callbacks returning int or narrower. */
#define ACTX__BINDU(fn, stop, key, slot, thunk, reg)                                              \
  ((ACTX__FNTYPE(fn))actx__until_bind_or_fn((actx_fn)(fn), #fn, (long long)(stop), (key), (slot), \
                                            (thunk), (reg)))
#define ACTX__BINDUT(...) ACTX__BINDU(__VA_ARGS__) /* expands ACTX__T first */
#define ACTX_UNTIL_VALUE(fn, stop) ACTX__BINDU(fn, stop, 0, 0, 0, 0)
#define ACTX_UNTIL_VALUE_T(name, fn, stop) ACTX__BINDUT(fn, stop, 0, 0, ACTX__T(name))
#define ACTX_UNTIL_VALUE_KEYED(fn, stop, key, slot) ACTX__BINDU(fn, stop, key, slot, 0, 0)
#define ACTX_UNTIL_VALUE_KEYED_T(name, fn, stop, key, slot) \
  ACTX__BINDUT(fn, stop, key, slot, ACTX__T(name))
#define ACTX_BOX_UNTIL_VALUE(fn, data, stop) ACTX_BOX_UNTIL_VALUE_KEYED(fn, data, stop, 0, 0)
#define ACTX_BOX_UNTIL_VALUE_KEYED(fn, data, stop, key, slot) \
  actx__until_box_or_data((actx_fn)(fn), (void *)(data), (long long)(stop), (key), (slot), #fn)

/* The thunk to pass in place of fn (type-checked against it), or NULL when
 * fn is NULL at run time, so the API sees "no callback" as the program
 * meant.  fn is evaluated here and in the ACTX_BOX_* beside it: the rewriter
 * only boxes callbacks without side effects. */
#define ACTX_BOXED(thunk, fn)            \
  ((void)sizeof(0 ? &*(thunk) : &*(fn)), \
   (__typeof__(&*(thunk)))actx__thunk_if_fn((actx_fn)(fn), (actx_fn)(thunk)))

/* Keyed macros (ACTX_KEYED, ACTX_KEYED_T, ACTX_BOX_KEYED) hand back the
 * newest binding of (key, slot) when it is equivalent to the one asked for
 * (same function, thunk or data, and context), instead of making another. */
#define ACTX__BINDK(fn, key, slot, thunk, reg)                                                 \
  ((ACTX__FNTYPE(fn))actx__keyed_bind_or_fn((actx_fn)(fn), #fn, (key), (slot), (thunk), (reg), \
                                            ACTX__SITE(fn)))
#define ACTX__BINDKT(...) ACTX__BINDK(__VA_ARGS__) /* expands ACTX__T first */

/* ACTX_CLOSE_T(name, helper, fn, key): the close callback of an API after
 * which nothing of `key` is called any more (uv_close).  Binds `helper` (made
 * with ACTX_CLOSE_FN for fn's signature) through the typed thunk `name`, keyed
 * to `key` under a reserved slot that releases do not touch.  When the API
 * calls it, every other binding keyed to `key` is released, then fn (may be
 * NULL) runs in the context of the close call, then the close binding itself
 * is released.  If the binding cannot be made, `key` is released at once and
 * fn is returned unbound (counted in actx_bind_failures()). */
#define ACTX_CLOSE_T(name, helper, fn, key)                                                 \
  (__extension__({                                                                          \
    __typeof__(&helper) actx__f_ = (fn);                                                    \
    (__typeof__(&helper))actx__close_bind((actx_fn)actx__f_, #fn, (key), (actx_fn)(helper), \
                                          ACTX__T(name), ACTX__SITE(fn));                   \
  }))
#ifndef __cplusplus
/* ACTX_CLOSE_FN(helper, (params), (args)): the helper for close callbacks of
 * type `void (*)(params)`; ACTX_CLOSE_FN_DECL declares it. */
#define ACTX_CLOSE_FN_DECL(name, params) static void name params __attribute__((unused))
#define ACTX_CLOSE_FN(name, params, args)                        \
  static void name params {                                      \
    void(*actx__f) params = (void(*) params)actx__close_begin(); \
    if (actx__f)                                                 \
      actx__f args;                                              \
  }
#define ACTX__AUTO __auto_type
#else
#define ACTX__AUTO auto
#endif

/* ACTX_KEYED_BY_RESULT(call): for APIs that return the object their callback
 * is keyed to (libevent's event_new) or an id for it (g_timeout_add's guint,
 * Redis's aeCreateTimeEvent's long long).  Inside `call`, ACTX_RESULT_KEY
 * stands for the key: bindings made with it are keyed to the call's result
 * once the call returns -- a pointer as it is, an integer as ACTX_INT_KEY
 * gives it (so releasing ACTX_INT_KEY(id) later finds them) -- or released
 * when that key is NULL (a NULL pointer; a pointer-wide -1, AE_ERR).  Yields
 * the call's result.
 * ACTX_KEYED_BY_RESULT_N(n, call) and ACTX_RESULT_KEY_N(n) are the same with
 * the names the macro declares numbered: one nested in another's `call`
 * takes another n, so it does not shadow the outer one's (-Wshadow); the
 * un-numbered pair is n = 0. */
#define ACTX_KEYED_BY_RESULT(call) ACTX_KEYED_BY_RESULT_N(0, call)
#define ACTX_RESULT_KEY ACTX_RESULT_KEY_N(0)
#define ACTX_KEYED_BY_RESULT_N(n, call)                          \
  (__extension__({                                               \
    char actx__rk_##n;                                           \
    ACTX__AUTO actx__r_##n = (call);                             \
    actx__keyed_rekey(&actx__rk_##n, ACTX__AS_KEY(actx__r_##n)); \
    actx__r_##n;                                                 \
  }))
#define ACTX_RESULT_KEY_N(n) ((const void *)&actx__rk_##n)
/* A scalar as a key: a pointer as it is, an integer through ACTX_INT_KEY.
 * Both branches are valid for both kinds (through uintptr_t), so neither
 * warns; 5 is GCC's and Clang's pointer_type_class. */
#define ACTX__AS_KEY(r) \
  (__builtin_classify_type(r) == 5 ? (const void *)(uintptr_t)(r) : ACTX_INT_KEY(r))

/* ------------------------------------------------------------ hand-offs */

/* What the rewriter emits for hand-off contracts (docs/contracts.md):
 * ACTX_CARRY(item) at a push (`FUNCTION carry N`) is actx_carry(item) with
 * item's type (an array's decays, as it would when passed); ACTX_TAKE(call)
 * around a pop (`FUNCTION take result`) is actx_take_result(call) with the
 * call's type.  Each evaluates its argument once (__typeof__ does not
 * evaluate it); the argument must be an object pointer or an array. */
#define ACTX_CARRY(item) ((__typeof__(1 ? (item) : (item)))actx_carry(item))
#define ACTX_TAKE(call) ((__typeof__(call))actx_take_result(call))
/* ACTX_DROP(item), for an item that leaves unconsumed (`FUNCTION drop N`):
 * actx_drop_carried(item) with item's type, evaluated once. */
#define ACTX_DROP(item) ((__typeof__(1 ? (item) : (item)))actx_drop_carried(item))

/* ------------------------------------------------------------ thunks */

#ifndef __cplusplus
/* ACTX_THUNK(name, ret, (params), (args)) defines a typed thunk for callbacks
 * of type `ret (*)(params)`; `args` names the parameters in order, e.g.
 *     ACTX_THUNK(on_read_thunk, void, (int fd, void *buf, size_t n), (fd, buf, n))
 *     read_start(s, ACTX_KEYED_T(on_read_thunk, on_read, s, "read"));
 * The stub hands the thunk its binding through an initial-exec TLS word
 * (works for any non-variadic signature).  Compile the file with -fexceptions
 * so unwinding restores the context.  C only (GNU C: statement expressions,
 * __builtin_choose_expr).  Generated code may split it into ACTX_THUNK_DECL
 * (before first use) and ACTX_THUNK_BODY (anywhere after). */
#define ACTX_THUNK_DECL(name, ret, params)        \
  static ret name params __attribute__((unused)); \
  enum { name##__actx_reg = 0 }
#define ACTX_THUNK_BODY(name, ret, params, args)                                 \
  ACTX__THUNK_BEGIN                                                              \
  static ret name params {                                                       \
    ACTX__CALL_VARS;                                                             \
    __typeof__(&name) actx__fn = (__typeof__(&name))actx__thunk_enter(&actx__l); \
    return ACTX__RESULT(&actx__c, actx__fn args);                                \
  }                                                                              \
  ACTX__THUNK_END
#define ACTX_THUNK(name, ret, params, args) \
  ACTX_THUNK_DECL(name, ret, params);       \
  ACTX_THUNK_BODY(name, ret, params, args)

/* ACTX_THUNK_R(name, k, ret, (params), (args)): the same, but the stub passes
 * the binding in integer argument register k (0-based: x86-64 rdi rsi rdx rcx
 * r8 r9, so k < 6; AArch64 x0-x7, k < 8), which must be the first integer
 * register the callback's parameters leave unused -- k is the number of
 * INTEGER-class eightbytes the parameters take (on x86-64 plus one for a
 * hidden struct-return pointer), and none of them may be passed on the stack.  The thunk is
 * `ret name(params..., void *actx__b)`.  Cheaper than the TLS hand-off and
 * async-signal-safe.  Zero parameters: write `()` (with k = 0). */
#define ACTX_THUNK_R_DECL(name, k, ret, params)                \
  static ret name ACTX__WITH_B params __attribute__((unused)); \
  enum { name##__actx_reg = (k) + 1 }
#define ACTX_THUNK_R_BODY(name, ret, params, args)                         \
  ACTX__THUNK_BEGIN                                                        \
  static ret name ACTX__WITH_B params {                                    \
    ACTX__CALL_VARS;                                                       \
    ret(*actx__fn) ACTX__PROTO params =                                    \
        (ret(*) ACTX__PROTO params)actx__thunk_enter_b(&actx__l, actx__b); \
    return ACTX__RESULT(&actx__c, actx__fn args);                          \
  }                                                                        \
  ACTX__THUNK_END
#define ACTX_THUNK_R(name, k, ret, params, args) \
  ACTX_THUNK_R_DECL(name, k, ret, params);       \
  ACTX_THUNK_R_BODY(name, ret, params, args)

/* ACTX_BOX_THUNK(name, ret, (params), (args), k): a thunk for callbacks whose
 * parameter k (0-based, at most 11) is the user data, which must be declared
 * `void *`.  It enters the box's context, calls the boxed function with the
 * box's data in place of parameter k, leaves, and returns the result.
 * Generated code splits it into ACTX_BOX_THUNK_DECL (before first use) and
 * ACTX_BOX_THUNK_BODY (anywhere after), so the prototype is written once
 * (-Wredundant-decls). */
#define ACTX_BOX_THUNK_DECL(name, ret, params) static ret name params __attribute__((unused))
#define ACTX_BOX_THUNK(name, ret, params, args, k) \
  ACTX_BOX_THUNK_DECL(name, ret, params);          \
  ACTX_BOX_THUNK_BODY(name, ret, params, args, k)
#define ACTX_BOX_THUNK_BODY(name, ret, params, args, k)                     \
  ACTX__THUNK_BEGIN                                                         \
  static ret name params {                                                  \
    ACTX__CALL_VARS;                                                        \
    __typeof__(&name) actx__fn =                                            \
        (__typeof__(&name))actx__box_enter(&actx__l, &ACTX__PICK(k, args)); \
    return ACTX__RESULT(&actx__c, actx__fn args);                           \
  }                                                                         \
  ACTX__THUNK_END

/* Take variants (a callback line with take=K): the thunk also enters the
 * context carried by the callback's parameter K (0-based), an item handed off
 * with ACTX_CARRY, around the call -- inside the binding's, which applies
 * alone when the item carries none.  Same parameters as the bodies above
 * plus K; they go with the same _DECL macros. */
#define ACTX_THUNK_TAKE_BODY(name, ret, params, args, k)                         \
  ACTX__THUNK_BEGIN                                                              \
  static ret name params {                                                       \
    ACTX__CALL_VARS;                                                             \
    __typeof__(&name) actx__fn = (__typeof__(&name))actx__thunk_enter(&actx__l); \
    ACTX__TAKE_VARS;                                                             \
    actx__take_begin(&actx__tk, ACTX__PICK(k, args));                            \
    return ACTX__RESULT(&actx__c, actx__fn args);                                \
  }                                                                              \
  ACTX__THUNK_END
#define ACTX_THUNK_TAKE_VOID_BODY(name, params, args, k)                         \
  static void name params {                                                      \
    ACTX__CALL_VARS;                                                             \
    __typeof__(&name) actx__fn = (__typeof__(&name))actx__thunk_enter(&actx__l); \
    ACTX__TAKE_VARS;                                                             \
    actx__take_begin(&actx__tk, ACTX__PICK(k, args));                            \
    ACTX__RESULT(&actx__c, actx__fn args);                                       \
  }
#define ACTX_THUNK_R_TAKE_BODY(name, ret, params, args, k)                 \
  ACTX__THUNK_BEGIN                                                        \
  static ret name ACTX__WITH_B params {                                    \
    ACTX__CALL_VARS;                                                       \
    ret(*actx__fn) ACTX__PROTO params =                                    \
        (ret(*) ACTX__PROTO params)actx__thunk_enter_b(&actx__l, actx__b); \
    ACTX__TAKE_VARS;                                                       \
    actx__take_begin(&actx__tk, ACTX__PICK(k, args));                      \
    return ACTX__RESULT(&actx__c, actx__fn args);                          \
  }                                                                        \
  ACTX__THUNK_END
#define ACTX_THUNK_R_TAKE_VOID_BODY(name, params, args, k)                  \
  static void name ACTX__WITH_B params {                                    \
    ACTX__CALL_VARS;                                                        \
    void(*actx__fn) ACTX__PROTO params =                                    \
        (void(*) ACTX__PROTO params)actx__thunk_enter_b(&actx__l, actx__b); \
    ACTX__TAKE_VARS;                                                        \
    actx__take_begin(&actx__tk, ACTX__PICK(k, args));                       \
    ACTX__RESULT(&actx__c, actx__fn args);                                  \
  }
#define ACTX_BOX_THUNK_TAKE_BODY(name, ret, params, args, k, t)             \
  ACTX__THUNK_BEGIN                                                         \
  static ret name params {                                                  \
    ACTX__CALL_VARS;                                                        \
    __typeof__(&name) actx__fn =                                            \
        (__typeof__(&name))actx__box_enter(&actx__l, &ACTX__PICK(k, args)); \
    ACTX__TAKE_VARS;                                                        \
    actx__take_begin(&actx__tk, ACTX__PICK(t, args));                       \
    return ACTX__RESULT(&actx__c, actx__fn args);                           \
  }                                                                         \
  ACTX__THUNK_END
#define ACTX_BOX_THUNK_TAKE_VOID_BODY(name, params, args, k, t)             \
  static void name params {                                                 \
    ACTX__CALL_VARS;                                                        \
    __typeof__(&name) actx__fn =                                            \
        (__typeof__(&name))actx__box_enter(&actx__l, &ACTX__PICK(k, args)); \
    ACTX__TAKE_VARS;                                                        \
    actx__take_begin(&actx__tk, ACTX__PICK(t, args));                       \
    ACTX__RESULT(&actx__c, actx__fn args);                                  \
  }

/* The bodies for callbacks returning void, which generated code uses: the
 * callee's call is a statement, not returned (`return f();` in a void
 * function is not ISO C, which the bodies above can only hide behind a
 * pragma), and the thunk does the same: enter, call, until-false
 * bookkeeping, leave.  ACTX_THUNK_VOID_BODY(name, (params), (args)) goes with
 * ACTX_THUNK_DECL(name, void, (params)), ACTX_THUNK_R_VOID_BODY with
 * ACTX_THUNK_R_DECL, ACTX_BOX_THUNK_VOID_BODY(name, (params), (args), k) with
 * ACTX_BOX_THUNK_DECL. */
#define ACTX_THUNK_VOID_BODY(name, params, args)                                 \
  static void name params {                                                      \
    ACTX__CALL_VARS;                                                             \
    __typeof__(&name) actx__fn = (__typeof__(&name))actx__thunk_enter(&actx__l); \
    ACTX__RESULT(&actx__c, actx__fn args);                                       \
  }
#define ACTX_THUNK_R_VOID_BODY(name, params, args)                          \
  static void name ACTX__WITH_B params {                                    \
    ACTX__CALL_VARS;                                                        \
    void(*actx__fn) ACTX__PROTO params =                                    \
        (void(*) ACTX__PROTO params)actx__thunk_enter_b(&actx__l, actx__b); \
    ACTX__RESULT(&actx__c, actx__fn args);                                  \
  }
#define ACTX_BOX_THUNK_VOID_BODY(name, params, args, k)                     \
  static void name params {                                                 \
    ACTX__CALL_VARS;                                                        \
    __typeof__(&name) actx__fn =                                            \
        (__typeof__(&name))actx__box_enter(&actx__l, &ACTX__PICK(k, args)); \
    ACTX__RESULT(&actx__c, actx__fn args);                                  \
  }
#endif /* !__cplusplus */

/* What the macros above expand to: entry points, the call record, the inline
 * enter and leave.  Not API. */
#include "actx/bind_abi.h"

#ifdef __cplusplus
}
#endif
#endif /* ACTX_BIND_H */
