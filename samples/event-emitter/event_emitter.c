/* event_emitter.c -- Node's "Integrating AsyncResource with EventEmitter" in C:
 * a small emitter whose listeners run in the context of whoever emits, unless
 * a listener was bound with ACTX_BIND when it was registered.
 *
 * Two requests each register two 'close' listeners; a shutdown routine in its
 * own context then emits 'close' on both.  The bound listener sees the request
 * that registered it, the plain one sees the shutdown routine. */
#include <actx.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------ the emitter */

typedef void (*listener_fn)(void *arg);

struct listener {
  const char *event; /* the event name it listens for */
  listener_fn fn;    /* called with arg on every emit of the event */
  void *arg;
};

struct emitter {
  struct listener listeners[8];
  int count;
};

static void emitter_on(struct emitter *em, const char *event, listener_fn fn, void *arg) {
  if (em->count < 8)
    em->listeners[em->count++] = (struct listener){event, fn, arg};
}

/* Calls the event's listeners in registration order, synchronously, in the
 * caller's context -- as EventEmitter.emit() does. */
static void emitter_emit(struct emitter *em, const char *event) {
  for (int i = 0; i < em->count; i++)
    if (strcmp(em->listeners[i].event, event) == 0)
      em->listeners[i].fn(em->listeners[i].arg);
}

/* ------------------------------------------------------------ the program */

static actx_storage *who; /* a label for the current context */

struct request {
  const char *name;
  struct emitter events;
  listener_fn bound; /* kept to unbind it when the request is done */
};

static void on_close_bound(void *arg) {
  struct request *r = arg;
  printf("  %s, bound listener: running in \"%s\"\n", r->name, (const char *)actx_storage_get(who));
}

static void on_close_plain(void *arg) {
  struct request *r = arg;
  printf("  %s, plain listener: running in \"%s\"\n", r->name, (const char *)actx_storage_get(who));
}

static void *register_listeners(void *arg) {
  struct request *r = arg;
  printf("\"%s\" registers its 'close' listeners\n", (const char *)actx_storage_get(who));
  /* Like AsyncResource.bind(): this listener keeps the current context. */
  r->bound = ACTX_BIND(on_close_bound);
  emitter_on(&r->events, "close", r->bound, r);
  /* Not bound: runs in whatever context calls emitter_emit(). */
  emitter_on(&r->events, "close", on_close_plain, r);
  return NULL;
}

static void *shut_down(void *arg) {
  struct request *requests = arg;
  for (int i = 0; i < 2; i++) {
    printf("\"%s\" emits 'close' on %s\n", (const char *)actx_storage_get(who), requests[i].name);
    emitter_emit(&requests[i].events, "close");
  }
  return NULL;
}

int main(void) {
  struct request requests[2] = {{.name = "request 1"}, {.name = "request 2"}};
  who = actx_storage_new(NULL);
  if (!who)
    return 1;
  actx_storage_run(who, "request 1", register_listeners, &requests[0]);
  actx_storage_run(who, "request 2", register_listeners, &requests[1]);
  actx_storage_run(who, "shutdown", shut_down, requests);
  for (int i = 0; i < 2; i++)
    actx_unbind((actx_fn)requests[i].bound);
  actx_storage_free(who);
  return 0;
}
