/* Boxing evaluates the callback expression twice (ACTX_BOXED gives NULL for a
 * NULL callback, and the box beside it must agree): a callback variable that
 * may hold NULL is boxed, a callback with side effects gets a stub. */
#include <fake_pthread.h>

typedef void *(*entry_fn)(void *);
entry_fn next_entry(void);

int spawn(pthread_t *t, entry_fn maybe_null, void *arg) {
  pthread_create(t, NULL, maybe_null, arg);
  return pthread_create(t, NULL, next_entry(), arg);
}
