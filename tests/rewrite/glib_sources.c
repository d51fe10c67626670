/* GLib sources live until their callback returns FALSE. */
#include <fake_glib.h>

static gboolean tick(gpointer data) { (void)data; return 1; }

void start(void *state) {
  g_idle_add(tick, state);
  g_timeout_add(100, tick, NULL);
}
