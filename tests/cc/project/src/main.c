/* main.c -- a thread started inside a request's context must see it: true
 * only if actx-cc rewrote this file (pthread_create's function is bound). */
#include "lib/queue.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

static void *worker(void *arg) {
  (void)arg;
  return actx_storage_get(queue_request);
}

static void *start(void *thread) {
  queue_watch();
  pthread_create(thread, NULL, worker, NULL);
  return NULL;
}

int main(void) {
  pthread_t thread;
  void *seen;
  queue_init();
  actx_storage_run(queue_request, (void *)(intptr_t)QUEUE_REQUEST_ID, start, &thread);
  pthread_join(thread, &seen);
  printf("the thread saw request %ld\n", (long)(intptr_t)seen);
  return seen == (void *)(intptr_t)QUEUE_REQUEST_ID ? 0 : 1;
}
