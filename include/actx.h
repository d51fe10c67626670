/* actx.h -- asynchronous context tracking for C: the whole public API.
 *
 * actx brings Node.js's AsyncLocalStorage, AsyncResource and async hooks to C
 * programs built on callbacks.  Concepts, in the order this header presents them:
 *
 *   storage   a key (AsyncLocalStorage); the value it maps to in the current
 *             context is its "store".
 *   frame     the whole context at one point of execution: an immutable,
 *             reference-counted map from storage to store.  Each thread has a
 *             current frame; capturing it is one reference increment.
 *   resource  an asynchronous operation (AsyncResource): an async id, a trigger
 *             id, and the frame captured when it was created.
 *   hook      init/before/after/destroy/resolve callbacks watching resources.
 *   scope     a stack-allocated guard that makes a frame or resource current and
 *             restores the previous one when it ends.
 *   hand-off  an item pushed to a queue or pool carries the pusher's context
 *             to whoever takes it out (actx_carry, actx_take_*).
 *
 * Errors: functions returning int give 0 or a negative ACTX_E* code; functions
 * returning a pointer give NULL and set errno to the positive code on failure.
 * Every function accepts NULL object arguments without crashing.
 *
 * Threads: every function may be called from any thread.  The current frame and
 * the execution ids are per thread; a new thread starts with an empty frame,
 * execution id 1 (the root) and trigger id 0.
 *
 * Memory: C has no garbage collector, so objects are released explicitly; each
 * declaration below says who owns what.  See docs/api.md for the full text and
 * for the Node.js name each function corresponds to.
 */
#ifndef ACTX_H
#define ACTX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ACTX_VERSION_MAJOR 0
#define ACTX_VERSION_MINOR 1
#define ACTX_VERSION_PATCH 0
#define ACTX_VERSION_STRING "0.1.0"

#if defined(ACTX_BUILDING) && defined(__GNUC__)
#define ACTX_EXTERN __attribute__((visibility("default")))
#else
#define ACTX_EXTERN /* nothing */
#endif

/* Returns the library's version string, e.g. "0.1.0". */
ACTX_EXTERN const char *actx_version_string(void);

/* ---------------------------------------------------------------- errors */

/* Error codes are negated errno values, like libuv's, so they can be compared
 * with -errno directly.  XX(name, value, message). */
#define ACTX_ERRNO_MAP(XX)                     \
  XX(EINVAL, -22, "invalid argument")          \
  XX(ENOMEM, -12, "out of memory")             \
  XX(EALREADY, -114, "operation already done") \
  XX(EBUSY, -16, "object is in use")           \
  XX(ENOTSUP, -95, "operation not supported on this platform")

typedef enum {
#define ACTX__ERR_ENUM(name, value, msg) ACTX_##name = (value),
  ACTX_ERRNO_MAP(ACTX__ERR_ENUM)
#undef ACTX__ERR_ENUM
} actx_errno;

/* A static message for an ACTX_E* code; "unknown error" for anything else. */
ACTX_EXTERN const char *actx_strerror(int err);
/* The code's name ("EINVAL"); "UNKNOWN" for anything else. */
ACTX_EXTERN const char *actx_err_name(int err);

/* ---------------------------------------------------------- opaque types */

/* Async ids are 64-bit and unique per process (not per thread).  0 means "no
 * context", 1 is the root: the top level of every thread. */
typedef uint64_t actx_id;

typedef struct actx_storage actx_storage;
typedef struct actx_frame actx_frame;
typedef struct actx_resource actx_resource;
typedef struct actx_hook actx_hook;
typedef struct actx_scope actx_scope;

/* Where a callback was registered: the binding macros of actx_bind.h (and so
 * actx-rewrite's output) give every binding a static descriptor of their
 * expansion.  Strings are static; `api` is the function the callback was
 * handed to when known, else NULL. */
typedef struct actx_site {
  const char *file;     /* __FILE__ (the user's file in actx-rewrite's output) */
  int line;             /* __LINE__ */
  const char *function; /* __func__ of the registering code */
  const char *callback; /* the callback expression as written */
  const char *api;      /* or NULL */
} actx_site;

/* ------------------------------------------------------ callback typedefs */

/* The callback shape of every run-style function: takes one pointer, returns
 * one pointer, which the run function passes back to its caller. */
typedef void *(*actx_run_cb)(void *arg);

/* Storage callbacks; `user` is actx_storage_options.user. */
typedef void (*actx_store_cb)(void *store, void *user);
typedef bool (*actx_propagate_cb)(actx_storage *s, const char *type, void *store, void *user);

/* Hook callbacks.  A nonzero return is a hook failure, which is fatal: actx
 * prints which hook failed for which async id and exits with status 1, or
 * calls abort() when ACTX_ABORT_ON_HOOK_ERROR=1 is in the environment (read
 * with secure_getenv; other fatal errors always exit with status 1). */
typedef int (*actx_init_cb)(actx_id id, const char *type, actx_id trigger_id,
                            actx_resource *resource, void *user);
typedef int (*actx_event_cb)(actx_id id, void *user);

/* Called whenever the current thread's frame changes; see
 * actx_set_frame_observer(). */
typedef void (*actx_frame_observer_cb)(actx_frame *from, actx_frame *to, void *user);

/* ------------------------------------------------------------ storages */

typedef struct actx_storage_options {
  const char *name;               /* copied; NULL means "" */
  void *default_value;            /* what get() returns when the frame has no entry */
  actx_store_cb retain;           /* a non-NULL store entered a frame */
  actx_store_cb release;          /* the last frame holding that entry was freed */
  actx_propagate_cb on_propagate; /* false: a new resource does not inherit the store */
  void *user;                     /* passed to the three callbacks above */
} actx_storage_options;

/* AsyncLocalStorage constructor.  `opts` may be NULL.  NULL + errno=ENOMEM on
 * allocation failure.  The storage is owned by the caller. */
ACTX_EXTERN actx_storage *actx_storage_new(const actx_storage_options *opts);

/* Frees the storage.  Frames that still hold entries for it stay valid: their
 * entries become unreachable, and `release` still runs for each store when the
 * last frame holding it is freed.  on_propagate is no longer called.  Call it
 * when no other thread is using `s`.  Freeing it twice is fatal (docs/api.md,
 * "Misuse", says when that is detected). */
ACTX_EXTERN void actx_storage_free(actx_storage *s);

/* The name given at creation, or "" (never NULL; "" for a NULL storage). */
ACTX_EXTERN const char *actx_storage_name(const actx_storage *s);

/* getStore(): the store of `s` in the current frame; the default value when
 * the frame has no entry for `s` (or `s` was disabled since the entry was made);
 * NULL inside exit() or after enter_with(s, NULL).  NULL for a NULL storage. */
ACTX_EXTERN void *actx_storage_get(const actx_storage *s);

/* run(): calls fn(arg) in a copy of the current frame where `s` maps to `store`,
 * restores the previous frame (also when unwinding), and returns fn's result.
 * On error fn is not called: NULL with errno EINVAL (NULL s or fn) or ENOMEM. */
ACTX_EXTERN void *actx_storage_run(actx_storage *s, void *store, actx_run_cb fn, void *arg);

/* exit(): like run() with an explicit absent entry: get() returns NULL inside. */
ACTX_EXTERN void *actx_storage_exit(actx_storage *s, actx_run_cb fn, void *arg);

/* enterWith(): makes `s` map to `store` in the current frame for the rest of
 * the current scope (callback, run, resource run), or for the rest of the
 * thread at top level.  0, ACTX_EINVAL or ACTX_ENOMEM (nothing changed). */
ACTX_EXTERN int actx_storage_enter_with(actx_storage *s, void *store);

/* disable(): removes `s` from every frame, including frames captured earlier;
 * get() returns the default value until the next run()/enter_with()/scope. */
ACTX_EXTERN void actx_storage_disable(actx_storage *s);

/* Inline get (opt-in).  Define ACTX_INLINE_GET before including this header
 * and actx_storage_get() becomes an inline function -- a TLS load, a bounds
 * check and a compare, no call -- for programs where it is on the hottest
 * path.  It reads the layout of libactx's frames (actx/abi.h), so the program
 * needs a libactx with the same layout: the layout's version is in the name of
 * the thread-local symbol it reads (actx__tls_abi2), and the dynamic linker
 * refuses to start a program built against another one.  The library must be
 * loaded at start-up (linked, not dlopen()ed late): it uses initial-exec TLS. */

/* ------------------------------------------------------------ frames */

/* AsyncLocalStorage.snapshot(): a new reference to the current frame.  Never
 * fails.  Release it with actx_frame_release(). */
ACTX_EXTERN actx_frame *actx_snapshot(void);

/* Calls fn(arg) with `f` as the current frame, restores the previous one, and
 * returns fn's result.  The caller's reference to `f` must outlive the call.
 * NULL + errno=EINVAL for a NULL f or fn (fn not called). */
ACTX_EXTERN void *actx_frame_run(actx_frame *f, actx_run_cb fn, void *arg);

/* Adds a reference; returns `f`.  NULL-safe. */
ACTX_EXTERN actx_frame *actx_frame_retain(actx_frame *f);
/* Drops a reference; the last one frees the frame and releases its stores.
 * Releasing (or retaining) a released frame is fatal (docs/api.md, "Misuse"). */
ACTX_EXTERN void actx_frame_release(actx_frame *f);

/* Installs one process-wide observer, called on the current thread each time
 * its frame changes (scope entry and exit, enter_with, bound callbacks).  NULL
 * removes it.  `from` and `to` are borrowed for the duration of the call. */
ACTX_EXTERN void actx_set_frame_observer(actx_frame_observer_cb cb, void *user);

/* ------------------------------------------------------------ resources */

typedef struct actx_resource_options {
  actx_id trigger_async_id;    /* 0: the execution id at creation */
  bool require_manual_destroy; /* release does not emit destroy */
} actx_resource_options;

/* AsyncResource constructor: takes a new async id, captures the current frame
 * (asking each storage's on_propagate), and emits `init` once.  `type` is
 * borrowed: it must outlive the resource (a string literal is typical).
 * NULL + errno EINVAL for a NULL type, or an empty type while an init hook is
 * enabled; ENOMEM.  The caller owns one reference. */
ACTX_EXTERN actx_resource *actx_resource_new(const char *type, const actx_resource_options *opts);

/* runInAsyncScope(): emits `before`, calls fn(arg) with the resource's frame
 * and ids current, emits `after`, restores, returns fn's result.  The caller's
 * reference must outlive the call.  NULL + errno=EINVAL for NULL r or fn. */
ACTX_EXTERN void *actx_resource_run(actx_resource *r, actx_run_cb fn, void *arg);

/* emitDestroy(): emits `destroy` now.  0; ACTX_EALREADY if it was emitted
 * before (nothing is emitted twice); ACTX_EINVAL for NULL. */
ACTX_EXTERN int actx_resource_emit_destroy(actx_resource *r);
/* Emits `resolve` (promiseResolve, for future-like resources).  0, or
 * ACTX_EALREADY after destroy, ACTX_EINVAL for NULL. */
ACTX_EXTERN int actx_resource_emit_resolve(actx_resource *r);

ACTX_EXTERN actx_id actx_resource_async_id(const actx_resource *r);
ACTX_EXTERN actx_id actx_resource_trigger_async_id(const actx_resource *r);
ACTX_EXTERN const char *actx_resource_type(const actx_resource *r);
/* The frame captured at creation (borrowed). */
ACTX_EXTERN actx_frame *actx_resource_frame(const actx_resource *r);
/* One user pointer per resource; actx never reads it. */
ACTX_EXTERN void actx_resource_set_data(actx_resource *r, void *data);
ACTX_EXTERN void *actx_resource_data(const actx_resource *r);

/* Adds a reference; returns `r`. */
ACTX_EXTERN actx_resource *actx_resource_retain(actx_resource *r);
/* Drops a reference.  When the last one goes, `destroy` is emitted (unless it
 * was already, or the resource requires manual destroy) and it is freed.
 * Releasing or retaining it after that is fatal (docs/api.md, "Misuse"). */
ACTX_EXTERN void actx_resource_release(actx_resource *r);

/* Resources (bindings included) created and not yet freed, process-wide: a
 * leak check for tests and benchmarks. */
ACTX_EXTERN size_t actx_live_resources(void);

/* ------------------------------------------------------- async backtraces */

/* How many registration sites a binding remembers: its own and those of the
 * bindings whose callbacks registered it, innermost first. */
#define ACTX_BACKTRACE_DEPTH 4

/* The async backtrace of the innermost bound callback running on this
 * thread: its registration site, the site of the callback that was running
 * when it was registered, and so on (up to ACTX_BACKTRACE_DEPTH; an entry is
 * NULL where a binding was made without a site, by actx_bind() itself).
 * Writes at most `max` pointers to `sites`; returns how many the chain has
 * (0 outside any bound callback). */
ACTX_EXTERN size_t actx_async_backtrace(const actx_site **sites, size_t max);

/* Formats the async backtrace, one "#N FILE:LINE in FUNCTION: CALLBACK
 * registered[ with API]" line per level, like snprintf: writes at most
 * `size` bytes including the NUL, returns the length the whole text needs. */
ACTX_EXTERN size_t actx_async_backtrace_format(char *buf, size_t size);

/* ------------------------------------------------------------ hooks */

typedef struct actx_hook_callbacks {
  actx_init_cb init;
  actx_event_cb before;
  actx_event_cb after;
  actx_event_cb destroy;
  actx_event_cb resolve;
} actx_hook_callbacks; /* each optional */

/* createHook(): copies `cbs` (NULL: no callbacks).  Created disabled. */
ACTX_EXTERN actx_hook *actx_hook_new(const actx_hook_callbacks *cbs, void *user);
/* enable()/disable(): idempotent, return `h`.  Hooks fire in enable order.
 * Changes made while hooks are being dispatched on this thread take effect on
 * it when its outermost dispatch ends; other threads see them at their next
 * dispatch. */
ACTX_EXTERN actx_hook *actx_hook_enable(actx_hook *h);
ACTX_EXTERN actx_hook *actx_hook_disable(actx_hook *h);
/* Disables and frees.  A dispatch already running on another thread may still
 * call the hook's callbacks until it ends.  Freeing, enabling or disabling a
 * freed hook is fatal (docs/api.md, "Misuse"). */
ACTX_EXTERN void actx_hook_free(actx_hook *h);

/* executionAsyncId(), triggerAsyncId(), executionAsyncResource() of this
 * thread.  Top level: 1, 0, NULL. */
ACTX_EXTERN actx_id actx_execution_async_id(void);
ACTX_EXTERN actx_id actx_trigger_async_id(void);
ACTX_EXTERN actx_resource *actx_execution_async_resource(void);

/* ------------------------------------------------------------ trace export */

/* Writes a Chrome trace-event JSON file (the JSON array format), which
 * https://ui.perfetto.dev and chrome://tracing open: a slice per run of a
 * bound callback or resource on its thread, named after the resource's type
 * (a binding's type is its callback's name), a flow arrow from each
 * registration to each run, resource lifetimes.  ACTX_TRACE=FILE in the
 * environment starts one when the library loads (read with secure_getenv;
 * "%p" in FILE becomes the process id).  The file is opened without following
 * a symlink at its last component, created with mode 0600, truncated.
 * 0; ACTX_EINVAL (NULL or empty path), ACTX_EALREADY (a trace is being
 * written), ACTX_ENOMEM, or open(2)'s error negated (e.g. -ELOOP: a symlink).
 * A write that fails later is reported once on stderr; the program goes on.
 * exit() stops the trace; a fork child writes nothing to its parent's trace.
 * See docs/observability.md. */
ACTX_EXTERN int actx_trace_export_start(const char *path);
/* Writes what the threads still buffer and closes the file: 0, or
 * ACTX_EALREADY when no trace is being written. */
ACTX_EXTERN int actx_trace_export_stop(void);

/* ------------------------------------------------------------ scopes */

/* A scope lives on the caller's stack; its fields (actx/abi.h) are private.
 * Scopes on a thread must end in LIFO order: ending one that is not the
 * innermost is fatal ("async hook stack has become corrupted").  Ending a scope
 * twice is a no-op.  Don't longjmp out of a scope: the next scope end on the
 * thread is fatal. */

/* storage.withScope(store): makes `s` map to `store` until actx_scope_end(sc).
 * 0, ACTX_EINVAL, ACTX_ENOMEM (the scope is then inert; ending it is a no-op). */
ACTX_EXTERN int actx_storage_scope_begin(actx_scope *sc, actx_storage *s, void *store);
/* Makes `f` current until actx_scope_end(sc); `f` is borrowed.  0, ACTX_EINVAL. */
ACTX_EXTERN int actx_frame_scope_begin(actx_scope *sc, actx_frame *f);
/* Enters `r` like actx_resource_run() does (emits `before`); the matching
 * actx_scope_end() emits `after`.  0, ACTX_EINVAL. */
ACTX_EXTERN int actx_resource_scope_begin(actx_scope *sc, actx_resource *r);
/* Ends a scope: restores the frame and execution ids saved at begin. */
ACTX_EXTERN void actx_scope_end(actx_scope *sc);

#define ACTX__CAT2(a, b) a##b
#define ACTX__CAT(a, b) ACTX__CAT2(a, b)
/* withScope as a block guard (GCC/Clang):
 *     { ACTX_STORAGE_SCOPE(s, req); handle(); }   -- s maps to req until '}'
 * Declarations only (the scope begins in an initializer), so declarations
 * may follow it (-Wdeclaration-after-statement). */
#define ACTX_STORAGE_SCOPE(s, store)                                 \
  actx_scope ACTX__CAT(actx__scope_, __LINE__)                       \
      __attribute__((cleanup(actx_scope_end))) = {0, 0, 0, 0};       \
  int ACTX__CAT(actx__scope_rc_, __LINE__) __attribute__((unused)) = \
      actx_storage_scope_begin(&ACTX__CAT(actx__scope_, __LINE__), (s), (store))

/* ------------------------------------------------------------ hand-offs */

/* An item (any pointer: compared, never read through) handed to another
 * thread or a later time -- a task pushed to a pool, a message to a queue --
 * carries the context current when it was pushed; where it comes out, the
 * taker enters that context (docs/api.md, "Hand-offs").  Each carried item is
 * a resource of type "actx.carry": `init` at the carry, `before`/`after`
 * around a callback run in it, `destroy` when it is taken. */

/* Records the current context for `item` (the same item carried again: the
 * newer context wins) and returns `item` unchanged, const or not.  A NULL
 * item records nothing.  Out of memory: nothing is recorded, errno is ENOMEM
 * and `item` is still returned (it is then taken in the taker's context). */
ACTX_EXTERN void *actx_carry(const void *item);

/* For an item a function returned (a pop): takes out `item`'s context and
 * enters it like enter_with -- for the rest of the current scope, or until
 * the next take on this thread.  Returns 1 when it entered one; 0 when the
 * item carries none (NULL included): then the context the previous take on
 * this thread entered, if it is still in effect, is left (back to what was
 * current before that take).  Thread state: a thread keeps references to the
 * frames of its last take until its next take or its exit. */
ACTX_EXTERN int actx_take_enter(const void *item);
/* actx_take_enter(item), returning `item`: what ACTX_TAKE(call) expands to. */
ACTX_EXTERN void *actx_take_result(const void *item);

/* Calls fn(arg) in the context `item` carries (emitting `before`/`after` for
 * its resource), or in the current one when it carries none; the item's
 * context is consumed (`destroy`).  Returns fn's result.  NULL + errno=EINVAL
 * for a NULL fn (nothing consumed). */
ACTX_EXTERN void *actx_take_run(const void *item, actx_run_cb fn, void *arg);

/* Takes out `item`'s carried resource and hands its reference to the caller
 * (run it, then actx_resource_release() it); NULL when the item carries
 * none. */
ACTX_EXTERN actx_resource *actx_take_resource(const void *item);

/* For an item that leaves without being taken (removed from its queue,
 * freed unrun): gives up the context it carries (its resource is destroyed)
 * and returns `item` as given, const or not.  An item that carries nothing,
 * and NULL, come back unchanged. */
ACTX_EXTERN void *actx_drop_carried(const void *item);

/* Items carried and not yet taken, process-wide (each is also counted by
 * actx_live_resources()): an item pushed and never consumed is a leak this
 * shows. */
ACTX_EXTERN size_t actx_carried_items(void);

/* The layouts that inline get, actx_scope and the thunks of actx_bind.h compile
 * into programs: not API. */
#include "actx/abi.h"

#ifdef __cplusplus
}
#endif

/* Binding C function pointers to a context: actx_bind, boxes, thunks. */
#include "actx_bind.h"

#endif /* ACTX_H */
