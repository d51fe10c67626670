/* actx.h (test stand-in) -- just enough of include/actx_bind.h's macros for
 * golden tests to re-parse rewritten output hermetically (no system headers).
 * The real header is used for the compile check when it exists. */
#ifndef ACTX_H
#define ACTX_H

#ifndef NULL
#define NULL ((void *)0)
#endif

#define ACTX_BIND(fn) (fn)
#define ACTX_ONCE(fn) (fn)
#define ACTX_KEYED(fn, key, slot) ((void)(key), (void)(slot), (fn))
#define ACTX_UNTIL_FALSE(fn) (fn)
#define ACTX_FOREVER(fn) (fn)
#define ACTX_BOXED(thunk, fn) (thunk)
#define ACTX_BOX_ONCE(fn, data) ((void)(fn), (void *)(data))
#define ACTX_BOX_KEYED(fn, data, key, slot) ((void)(fn), (void)(key), (void)(slot), (void *)(data))
#define ACTX_BOX_UNTIL_FALSE(fn, data) ((void)(fn), (void *)(data))
#define ACTX_BOX_FOREVER(fn, data) ((void)(fn), (void *)(data))
#define ACTX_BOX_THUNK_DECL(name, ret, params) ret name params
#define ACTX_BOX_THUNK(name, ret, params, args, index) \
  _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wunused-parameter\"") \
  ret name params { __builtin_trap(); } _Pragma("GCC diagnostic pop")

int actx_release_key(const void *key);

#endif
