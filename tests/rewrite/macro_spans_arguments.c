/* A macro that expands to several arguments (a callback and its data) cannot
 * be wrapped argument by argument: left alone and reported, never rewritten
 * into ACTX_BOX_ONCE(CB, CB). */
#include <fake_pthread.h>

static void *worker(void *arg) { return arg; }
#define CB worker, NULL
#define PAIR(f, d) f, d

void spawn(pthread_t *t, void *arg) {
  pthread_create(t, NULL, CB);
  pthread_create(t, NULL, PAIR(worker, arg));
}
