#line 1 "macro_nested.c"
/* A macro cast (G_CALLBACK) nested in a call inside another macro's argument. */
#include <fake_glib.h>

void fail(void);
#define CHECK(expr) ((expr) ? (void)0 : fail())

static void on_clicked(void) {}

#include <actx.h>
#line 9 "macro_nested.c"
void connect(gpointer button) {
  CHECK(0 != g_signal_connect_data(button, "clicked", ACTX_FOREVER(G_CALLBACK(on_clicked)), NULL, NULL, 0));
}
