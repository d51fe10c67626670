#line 1 "macro_cast.c"
/* A cast written as a macro (G_CALLBACK) inside a macro call (g_signal_connect). */
#include <fake_glib.h>

static void on_clicked(void) {}

#include <actx.h>
#line 6 "macro_cast.c"
void connect(gpointer button) {
  g_signal_connect(button, "clicked", ACTX_FOREVER(G_CALLBACK(on_clicked)), NULL);
}
