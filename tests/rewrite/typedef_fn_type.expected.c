#line 1 "typedef_fn_type.c"
/* Callback types as a typedef of a function type (not of a pointer), and an
 * unnamed function-pointer parameter type; both box with a typed thunk. */
typedef void request_done(int status, void *user);
int submit(const char *what, request_done *done, void *user);
int submit_raw(const char *what, void (*done)(int status, const char *msg, void *user), void *user);

static void on_done(int status, void *user) { (void)status; (void)user; }
static void on_raw(int status, const char *msg, void *user) { (void)status; (void)msg; (void)user; }

#include <actx.h>
#line 10 "typedef_fn_type.c"
ACTX_BOX_THUNK_DECL(actx_thunk_1, void, (int actx__a0, void *actx__a1)); ACTX_BOX_THUNK_DECL(actx_thunk_2, void, (int actx__a0, const char *actx__a1, void *actx__a2)); void go(void *app) {
  submit("a", ACTX_BOXED(actx_thunk_1, on_done), ACTX_BOX_ONCE(on_done, app));
  submit_raw("b", ACTX_BOXED(actx_thunk_2, on_raw), ACTX_BOX_ONCE(on_raw, app));
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 11 "typedef_fn_type.c"
ACTX_BOX_THUNK_VOID_BODY(actx_thunk_1, (int actx__a0, void *actx__a1), (actx__a0, actx__a1), 1)
#line 12 "typedef_fn_type.c"
ACTX_BOX_THUNK_VOID_BODY(actx_thunk_2, (int actx__a0, const char *actx__a1, void *actx__a2), (actx__a0, actx__a1, actx__a2), 2)
