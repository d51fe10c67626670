#line 1 "glib_sources.c"
/* GLib sources live until their callback returns FALSE. */
#include <fake_glib.h>

static gboolean tick(gpointer data) { (void)data; return 1; }

#include <actx.h>
#line 6 "glib_sources.c"
ACTX_BOX_THUNK_DECL(actx_thunk_1, gboolean, (gpointer actx__a0)); void start(void *state) {
  g_idle_add(ACTX_BOXED(actx_thunk_1, tick), ACTX_BOX_UNTIL_FALSE(tick, state));
  g_timeout_add(100, ACTX_BOXED(actx_thunk_1, tick), ACTX_BOX_UNTIL_FALSE(tick, NULL));
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
ACTX_BOX_THUNK_BODY(actx_thunk_1, gboolean, (gpointer actx__a0), (actx__a0), 0)
