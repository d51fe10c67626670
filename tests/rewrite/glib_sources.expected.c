#line 1 "glib_sources.c"
/* GLib sources live until their callback returns FALSE. */
#include <fake_glib.h>

static gboolean tick(gpointer data) { (void)data; return 1; }

#include <actx.h>
#line 6 "glib_sources.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 1, gboolean, (gpointer actx__a0)); void start(void *state) {
  g_idle_add(ACTX_UNTIL_FALSE_T(actx_thunk_1, tick), state);
  g_timeout_add(100, ACTX_UNTIL_FALSE_T(actx_thunk_1, tick), NULL);
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 7 "glib_sources.c"
ACTX_THUNK_R_BODY(actx_thunk_1, gboolean, (gpointer actx__a0), (actx__a0))
