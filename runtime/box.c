/* box.c -- user-data boxing: (fn, data) becomes (thunk, box).
 *
 * For the common `api(cb, void *user_data)` shape no stub is needed: the user
 * data slot can carry the context.  A box holds the original function, the
 * original data and the binding state (struct actx__bound, whose resource
 * captures the context).  The thunk (ACTX_BOX_THUNK, typed C) swaps the box
 * for the data, enters, calls, leaves.  Boxes are malloc'd and freed when
 * their resource's last reference goes.
 *
 * A box is only as safe as the API's promise to pass it back untouched: a
 * thunk handed anything else would misread it, which is why the macros' box
 * creation (bind_macros.c) aborts on failure instead of passing the raw data.
 */
#include "bound.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

struct actx_box {
  struct actx__bound h;           /* first: box thunks read its head (h.data) */
  _Atomic(actx_box *) *census_at; /* its census slot (below); NULL: not filed */
};

#define BOX_OF(hp) ((actx_box *)((char *)(hp)-offsetof(actx_box, h)))

/* ------------------------------------------------------------ census */

/* The census of boxes, for debuggers only (runtime/libactx-gdb.py's `actx
 * bindings`): stub bindings sit in bind.c's chunks, which a debugger walks,
 * but boxes are malloc'd one by one.  So each box is filed in a slot of a
 * census page: whoever frees the box, on any thread, clears its slot with one
 * store.  Only the thread that owns a page fills its empty slots (it reuses a
 * slot once it reads it cleared, so the clear comes first), which needs no
 * lock; census_lock guards only the list of pages no thread owns, taken from
 * when a thread's page is full or it has none, and given back to at thread
 * exit.  Pages are never freed: `census_pages` links them all. */
#define CENSUS_SLOTS 510
struct census_page {
  struct census_page *next;               /* all pages, newest first */
  struct census_page *free_next;          /* the unowned list, under census_lock */
  _Atomic(actx_box *) slot[CENSUS_SLOTS]; /* NULL: empty */
};
static struct actx__mutex census_lock = ACTX__MUTEX_INIT;
static struct census_page *census_pages;                /* under census_lock; read by debuggers */
static struct census_page *unowned_head, *unowned_tail; /* FIFO, under census_lock */
static ACTX__TLS struct census_page *census_page;       /* this thread's */
static ACTX__TLS unsigned census_next;                  /* where its search starts */

void actx__box_fork_lock(bool on) {
  if (on)
    actx__mutex_lock(&census_lock);
  else
    actx__mutex_unlock(&census_lock);
}

static void unowned_put(struct census_page *p) {
  p->free_next = NULL;
  if (unowned_tail)
    unowned_tail->free_next = p;
  else
    unowned_head = p;
  unowned_tail = p;
}

/* An empty slot of page p, searched from `from` on and then from the start,
 * or NULL.  In the steady state (boxes freed about as fast as made) the first
 * slot tried is empty. */
static inline _Atomic(actx_box *) *census_free_slot(struct census_page *p, unsigned from) {
  for (unsigned i = from; i < CENSUS_SLOTS; i++)
    if (!atomic_load_explicit(&p->slot[i], memory_order_relaxed)) {
      census_next = i + 1;
      return &p->slot[i];
    }
  for (unsigned i = 0; i < from && i < CENSUS_SLOTS; i++)
    if (!atomic_load_explicit(&p->slot[i], memory_order_relaxed)) {
      census_next = i + 1;
      return &p->slot[i];
    }
  return NULL;
}

/* A new page for this thread: the oldest unowned one if it has room (a full
 * page goes to the back, where its boxes have the longest to die), else a
 * fresh one.  NULL when out of memory. */
__attribute__((noinline)) static _Atomic(actx_box *) *census_take_page(void) {
  if (!actx__t.registered) /* its exit gives the page back */
    actx__thread_register(&actx__t);
  actx__mutex_lock(&census_lock);
  if (census_page)
    unowned_put(census_page);
  census_page = NULL;
  struct census_page *p = unowned_head;
  _Atomic(actx_box *) *at = NULL;
  if (p) {
    unowned_head = p->free_next;
    if (!unowned_head)
      unowned_tail = NULL;
    if ((at = census_free_slot(p, 0)))
      census_page = p;
    else
      unowned_put(p);
  }
  if (!census_page && (p = actx__malloc(sizeof *p))) {
    memset(p, 0, sizeof *p);
    p->next = census_pages;
    census_pages = p;
    census_page = p;
    census_next = 1;
    at = &p->slot[0];
  }
  actx__mutex_unlock(&census_lock);
  return at;
}

static void census_file(actx_box *box) {
  _Atomic(actx_box *) *at = census_page ? census_free_slot(census_page, census_next) : NULL;
  if (ACTX__UNLIKELY(!at))
    at = census_take_page();
  if (at)
    atomic_store_explicit(at, box, memory_order_relaxed);
  box->census_at = at;
}

void actx__box_thread_exit(void) {
  if (!census_page)
    return;
  actx__mutex_lock(&census_lock);
  unowned_put(census_page);
  actx__mutex_unlock(&census_lock);
  census_page = NULL;
}

static void box_recycle(actx_resource *own) {
  actx_box *box = BOX_OF(actx__bound_of_own(own));
  if (box->census_at)
    atomic_store_explicit(box->census_at, NULL, memory_order_relaxed);
  box->h.live = ACTX__FREED; /* at offset 36: malloc's free lists leave it */
  actx__free(box);
}

/* Nothing to arm or kill: a box's handle is the box itself, callable once
 * started, and freed (never reused) once released. */
static const struct actx__bound_ops box_ops = {.kind = ACTX__KIND_BOX, .recycle = box_recycle};

actx_box *actx_box_new(actx_fn fn, void *data, const actx_bind_options *o) {
  static const actx_bind_options none;
  if (!o)
    o = &none;
  /* A box of no function would hand its thunk a call to address 0. */
  if (!fn || (unsigned)o->lifetime > ACTX_LIFE_FOREVER ||
      (o->lifetime == ACTX_LIFE_KEYED && (!o->key || !o->slot)) ||
      (o->lifetime == ACTX_LIFE_UNTIL_FALSE && o->key && !o->slot)) {
    errno = EINVAL;
    return NULL;
  }
  actx_box *box = actx__malloc(sizeof *box);
  if (!box) {
    errno = ENOMEM;
    return NULL;
  }
  box->h.data = data;
  box->h.live = ACTX__LIVE_BOX;
  census_file(box);
  int err = actx__bound_create(&box->h, fn, o, &box_ops);
  if (err) {
    errno = -err;
    return NULL;
  }
  return box;
}

__attribute__((cold, noinline)) static _Noreturn void box_misuse(const actx_box *box) {
  char what[48];
  snprintf(what, sizeof what, "box %p", (const void *)box);
  actx__misuse("actx_box_free", what, actx__live_load(&box->h.live), "freed");
}

int actx_box_free(actx_box *box) {
  if (!box)
    return ACTX_EINVAL;
  /* Freed already (or a once box whose call freed it): its memory went back
   * to malloc, and releasing it again would corrupt the heap. */
  if (ACTX__UNLIKELY(actx__live_load(&box->h.live) != ACTX__LIVE_BOX))
    box_misuse(box);
  return actx__bound_release(&box->h);
}

void *actx_box_data(const actx_box *box) {
  return box ? box->h.data : NULL;
}

actx_resource *actx_box_resource(const actx_box *box) {
  return box ? box->h.res : NULL;
}
