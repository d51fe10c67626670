/* A cast written as a macro (G_CALLBACK) inside a macro call (g_signal_connect). */
#include <fake_glib.h>

static void on_clicked(void) {}

void connect(gpointer button) {
  g_signal_connect(button, "clicked", G_CALLBACK(on_clicked), NULL);
}
