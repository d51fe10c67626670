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
#define ACTX_ONCE_T(name, fn) ((void)(name), (fn))
#define ACTX_KEYED_T(name, fn, key, slot) ((void)(name), (void)(key), (void)(slot), (fn))
#define ACTX_UNTIL_FALSE_T(name, fn) ((void)(name), (fn))
#define ACTX_FOREVER_T(name, fn) ((void)(name), (fn))
#define ACTX_UNTIL_VALUE(fn, stop) ((void)(stop), (fn))
#define ACTX_UNTIL_VALUE_T(name, fn, stop) ((void)(name), (void)(stop), (fn))
#define ACTX_UNTIL_VALUE_KEYED(fn, stop, key, slot) ((void)(stop), (void)(key), (void)(slot), (fn))
#define ACTX_UNTIL_VALUE_KEYED_T(name, fn, stop, key, slot) \
  ((void)(name), (void)(stop), (void)(key), (void)(slot), (fn))
#define ACTX_BOX_UNTIL_VALUE(fn, data, stop) ((void)(fn), (void)(stop), (void *)(data))
#define ACTX_BOX_UNTIL_VALUE_KEYED(fn, data, stop, key, slot) \
  ((void)(fn), (void)(stop), (void)(key), (void)(slot), (void *)(data))
#define ACTX_INT_SLOT(n) ((const char *)(__SIZE_TYPE__)(n))
#define ACTX_BITS_SLOT(mask) ((const char *)(__SIZE_TYPE__)(mask))
#define ACTX_THUNK_DECL(name, ret, params) static ret name params __attribute__((unused))
#define ACTX_THUNK_BODY(name, ret, params, args) \
  _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wunused-parameter\"") \
  static ret name params { __builtin_trap(); } _Pragma("GCC diagnostic pop")
#define ACTX_THUNK(name, ret, params, args) ACTX_THUNK_BODY(name, ret, params, args)
#define ACTX_THUNK_R_DECL(name, k, ret, params) static ret name params __attribute__((unused))
#define ACTX_THUNK_R_BODY(name, ret, params, args) ACTX_THUNK_BODY(name, ret, params, args)
#define ACTX_BOX_THUNK_DECL(name, ret, params) ACTX_THUNK_DECL(name, ret, params)
#define ACTX_BOX_THUNK(name, ret, params, args, index) ACTX_THUNK(name, ret, params, args)
#define ACTX_BOX_THUNK_BODY(name, ret, params, args, index) \
  ACTX_THUNK_BODY(name, ret, params, args)
#define ACTX_THUNK_VOID_BODY(name, params, args) ACTX_THUNK_BODY(name, void, params, args)
#define ACTX_THUNK_R_VOID_BODY(name, params, args) ACTX_THUNK_BODY(name, void, params, args)
#define ACTX_BOX_THUNK_VOID_BODY(name, params, args, index) \
  ACTX_THUNK_BODY(name, void, params, args)

#define ACTX_CARRY(item) (item)
#define ACTX_TAKE(call) (call)
#define ACTX_DROP(item) (item)
#define ACTX_THUNK_TAKE_BODY(name, ret, params, args, k) ACTX_THUNK_BODY(name, ret, params, args)
#define ACTX_THUNK_TAKE_VOID_BODY(name, params, args, k) ACTX_THUNK_BODY(name, void, params, args)
#define ACTX_THUNK_R_TAKE_BODY(name, ret, params, args, k) ACTX_THUNK_BODY(name, ret, params, args)
#define ACTX_THUNK_R_TAKE_VOID_BODY(name, params, args, k) \
  ACTX_THUNK_BODY(name, void, params, args)
#define ACTX_BOX_THUNK_TAKE_BODY(name, ret, params, args, index, k) \
  ACTX_THUNK_BODY(name, ret, params, args)
#define ACTX_BOX_THUNK_TAKE_VOID_BODY(name, params, args, index, k) \
  ACTX_THUNK_BODY(name, void, params, args)
#define ACTX_CLOSE_T(name, helper, fn, key) ((void)(name), (void)(key), (__typeof__(&helper))(fn))
#define ACTX_CLOSE_FN_DECL(name, params) static void name params __attribute__((unused))
#define ACTX_CLOSE_FN(name, params, args) \
  _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wunused-parameter\"") \
  static void name params { __builtin_trap(); } _Pragma("GCC diagnostic pop")
#define ACTX_UNWRAP_FN(fn) (fn)
#define ACTX_INT_KEY(k) ((const void *)(__SIZE_TYPE__)(k))
#define ACTX_KEYED_BY_RESULT(call) (call)
#define ACTX_RESULT_KEY ((const void *)0)
#define ACTX_KEYED_BY_RESULT_N(n, call) (call)
#define ACTX_RESULT_KEY_N(n) ((const void *)0)

typedef void (*actx_fn)(void);
actx_fn actx_bind(actx_fn fn, const char *type);
int actx_release_key(const void *key);
int actx_release_slot(const void *key, const char *slot);
void actx_unwrap_fn_at(void *fnptr_location);

#endif
