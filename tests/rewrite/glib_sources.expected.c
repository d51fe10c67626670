#line 1 "glib_sources.c"
/* GLib sources live until their callback returns FALSE, or until they are
 * removed by the id the call returned (g_source_remove): the binding is
 * keyed by that guint (ACTX_KEYED_BY_RESULT), released at whichever comes
 * first. */
#include <fake_glib.h>

static gboolean tick(gpointer data) { (void)data; return 1; }

#include <actx.h>
#line 9 "glib_sources.c"
ACTX_THUNK_R_DECL(actx_thunk_1, 1, gboolean, (gpointer actx__a0)); void start(void *state) {
  ACTX_KEYED_BY_RESULT(g_idle_add(ACTX_UNTIL_VALUE_KEYED_T(actx_thunk_1, tick, 0, ACTX_RESULT_KEY, "source"), state));
  guint id = ACTX_KEYED_BY_RESULT(g_timeout_add(100, ACTX_UNTIL_VALUE_KEYED_T(actx_thunk_1, tick, 0, ACTX_RESULT_KEY, "source"), NULL));
  g_source_remove(id); actx_release_slot(ACTX_INT_KEY(id), "source");
}
/* actx-rewrite: typed thunks (docs/rewrite-contract.md) */
#line 10 "glib_sources.c"
ACTX_THUNK_R_BODY(actx_thunk_1, gboolean, (gpointer actx__a0), (actx__a0))
