/* GLib sources live until their callback returns FALSE, or until they are
 * removed by the id the call returned (g_source_remove): the binding is
 * keyed by that guint (ACTX_KEYED_BY_RESULT), released at whichever comes
 * first. */
#include <fake_glib.h>

static gboolean tick(gpointer data) { (void)data; return 1; }

void start(void *state) {
  g_idle_add(tick, state);
  guint id = g_timeout_add(100, tick, NULL);
  g_source_remove(id);
}
