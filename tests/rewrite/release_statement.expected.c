#line 1 "release_statement.c"
/* After a releasing call (event_free) the object's keyed bindings are
 * released: a statement on the same line, or braces when the call is the
 * body of an if. */
#include <fake_event.h>

#include <actx.h>
#line 6 "release_statement.c"
void done(struct event *ev, int quiet) {
  if (quiet)
    { event_free(ev); actx_release_key(ev); }
  else
    { event_free(ev); actx_release_key(ev); }
  switch (quiet) {
  case 2: event_free(ev); actx_release_key(ev); break;
  }
}
