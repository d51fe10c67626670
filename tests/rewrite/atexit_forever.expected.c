#line 1 "atexit_forever.c"
/* atexit: bound forever; on_exit boxes its argument; signal handlers are
 * deliberately left alone (not async-signal-safe to enter a context). */
#include <fake_libc.h>

static void flush_logs(void) {}
static void report(int status, void *arg) { (void)status; (void)arg; }
static void on_sigint(int sig) { (void)sig; }

#include <actx.h>
#line 9 "atexit_forever.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 0, void, ()); ACTX_BOX_THUNK_DECL(actx_thunk_2, void, (int actx__a0, void *actx__a1)); void setup(void *state) {
  atexit(ACTX_FOREVER_T(actx_thunk_1, flush_logs));
  on_exit(ACTX_BOXED(actx_thunk_2, report), ACTX_BOX_FOREVER(report, state));
  signal(2, on_sigint);
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 10 "atexit_forever.c"
ACTX_THUNK_R_VOID_BODY(actx_thunk_1, (), ())
#line 11 "atexit_forever.c"
ACTX_BOX_THUNK_VOID_BODY(actx_thunk_2, (int actx__a0, void *actx__a1), (actx__a0, actx__a1), 1)
