/* <glib/glib-unix.h> as GLib's own tests spell it: the system <glib-unix.h>. */
#include <glib-unix.h>
