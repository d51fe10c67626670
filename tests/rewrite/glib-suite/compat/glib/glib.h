/* <glib/glib.h> as GLib's own tests spell it (their build puts the source root
 * on the include path): the system <glib.h>. */
#include <glib.h>
