/* causality_trace.c -- async hooks printing the trigger/execution graph of a
 * small program: the C version of the "asynchronous context example" in Node's
 * async_hooks documentation.
 *
 * The program is a tiny event loop.  `defer(fn)` is its setTimeout: it makes a
 * resource (capturing the current context and trigger) and queues it; the loop
 * later enters each resource and calls its function.  A hook prints every
 * init/before/after/destroy, indented by the depth of the callback it happens
 * in, so the output shows which operation caused which:
 *
 *     TIMEOUT(3): trigger: 2 execution: 2
 *
 * reads "timeout 3 was created by callback 2, while 2 was running".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actx.h"

/* ---------------------------------------------------------------- the loop */

struct job {
  actx_resource *resource;
  actx_run_cb fn;
  struct job *next;
};

static struct job *head, **tail = &head;

static void defer(const char *type, actx_run_cb fn) {
  struct job *j = malloc(sizeof *j);
  if (!j || !(j->resource = actx_resource_new(type, NULL))) {
    perror("defer");
    exit(2);
  }
  j->fn = fn;
  j->next = NULL;
  *tail = j;
  tail = &j->next;
}

static void run_loop(void) {
  while (head) {
    struct job *j = head;
    head = j->next;
    if (!head)
      tail = &head;
    actx_resource_run(j->resource, j->fn, NULL);
    actx_resource_release(j->resource); /* emits destroy */
    free(j);
  }
}

/* ---------------------------------------------------------------- the trace */

static int depth; /* callbacks currently running */

static void indent(void) {
  printf("%*s", depth * 2, "");
}

static int on_init(actx_id id, const char *type, actx_id trigger, actx_resource *r, void *user) {
  (void)r;
  (void)user;
  indent();
  printf("%s(%llu): trigger: %llu execution: %llu\n", type, (unsigned long long)id,
         (unsigned long long)trigger, (unsigned long long)actx_execution_async_id());
  return 0;
}

static int on_before(actx_id id, void *user) {
  (void)user;
  indent();
  printf("before:  %llu\n", (unsigned long long)id);
  depth++;
  return 0;
}

static int on_after(actx_id id, void *user) {
  (void)user;
  depth--;
  indent();
  printf("after:   %llu\n", (unsigned long long)id);
  return 0;
}

static int on_destroy(actx_id id, void *user) {
  (void)user;
  indent();
  printf("destroy: %llu\n", (unsigned long long)id);
  return 0;
}

/* ---------------------------------------------------------------- the program */

static actx_storage *request;

static void *respond(void *arg) {
  (void)arg;
  indent();
  printf(">>> respond to %s\n", (const char *)actx_storage_get(request));
  return NULL;
}

static void *read_body(void *arg) {
  (void)arg;
  indent();
  printf(">>> read body of %s\n", (const char *)actx_storage_get(request));
  defer("WRITE", respond);
  return NULL;
}

static void *accept_request(void *arg) {
  (void)arg;
  defer("READ", read_body);
  return NULL;
}

static void *on_connection(void *arg) {
  (void)arg;
  /* Two requests on this connection, each with its own context. */
  actx_storage_run(request, "request A", accept_request, NULL);
  actx_storage_run(request, "request B", accept_request, NULL);
  return NULL;
}

int main(void) {
  request = actx_storage_new(&(actx_storage_options){.name = "request"});
  actx_hook *hook = actx_hook_enable(actx_hook_new(
      &(actx_hook_callbacks){
          .init = on_init, .before = on_before, .after = on_after, .destroy = on_destroy},
      NULL));
  if (!request || !hook)
    return 2;

  defer("CONNECTION", on_connection);
  run_loop();

  actx_hook_free(hook);
  actx_storage_free(request);
  return 0;
}
