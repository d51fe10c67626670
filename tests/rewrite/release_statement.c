/* After a releasing call (event_free) the object's keyed bindings are
 * released: a statement on the same line, or braces when the call is the
 * body of an if. */
#include <fake_event.h>

void done(struct event *ev, int quiet) {
  if (quiet)
    event_free(ev);
  else
    event_free(ev);
  switch (quiet) {
  case 2: event_free(ev); break;
  }
}
