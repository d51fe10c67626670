/* app.c -- the tiny external project that every build integration compiles
 * through actx-rewrite: a thread started inside a context must see it, which
 * happens only if the rewriter bound the thread function. */
#include "app.h"
#include <actx.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

static actx_storage *request_id;

static void *thread_main(void *arg) {
  (void)arg;
  return actx_storage_get(request_id);
}

static void *start(void *thread) {
  pthread_create(thread, NULL, thread_main, NULL);
  return NULL;
}

int main(void) {
  pthread_t thread;
  void *seen;
  request_id = actx_storage_new(NULL);
  actx_storage_run(request_id, (void *)(intptr_t)APP_REQUEST_ID, start, &thread);
  pthread_join(thread, &seen);
  printf("the thread saw request %ld\n", (long)(intptr_t)seen);
  return seen == (void *)(intptr_t)APP_REQUEST_ID ? 0 : 1;
}
