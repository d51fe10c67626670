#line 1 "fnptr_params.c"
/* A callback whose own parameters are function pointers and arrays: the
 * thunk declares them with __typeof__ so the declarator stays valid. */
typedef int (*compare_fn)(const void *, const void *);
int sort_later(void (*cb)(int (*cmp)(const void *, const void *), int counts[4], void *ctx), void *ctx);

static void on_sorted(int (*cmp)(const void *, const void *), int counts[4], void *ctx) {
  (void)cmp; (void)counts; (void)ctx;
}

#include <actx.h>
#line 10 "fnptr_params.c"
ACTX_BOX_THUNK_DECL(actx_thunk_1, void, (__typeof__(int (*)(const void *, const void *)) actx__a0, __typeof__(int[4]) actx__a1, void *actx__a2)); int go(void *ctx) {
  return sort_later(ACTX_BOXED(actx_thunk_1, on_sorted), ACTX_BOX_ONCE(on_sorted, ctx));
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 11 "fnptr_params.c"
ACTX_BOX_THUNK_VOID_BODY(actx_thunk_1, (__typeof__(int (*)(const void *, const void *)) actx__a0, __typeof__(int[4]) actx__a1, void *actx__a2), (actx__a0, actx__a1, actx__a2), 2)
