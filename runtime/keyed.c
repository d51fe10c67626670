/* keyed.c -- the (key, slot) registry of keyed bindings and boxes.
 *
 * A keyed binding belongs to an object (the key: any pointer, e.g. a libuv
 * handle) and one of its callback slots (a string, e.g. "timer").  Binding the
 * same (key, slot) again replaces and releases the previous binding, which is
 * how a re-armed timer does not leak; actx_release_slot/actx_release_key drop
 * them when the object is closed.
 *
 * A hash table of chained entries, guarded by one mutex: keyed operations
 * happen at registration and close, never on the call path.  It starts with
 * 1024 buckets in static storage and doubles (malloc) whenever entries
 * outnumber buckets, so a server with many handles keeps short chains; if
 * growing fails it just stays smaller.
 * Releases run after the lock is dropped (they emit destroy hooks, which may
 * call back into actx).  Slot strings are borrowed and compared by content.
 */
#include "bound.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

struct actx__keyent {
  const void *key;
  const char *slot;            /* borrowed */
  struct actx__bound *h;       /* the binding registered there */
  struct actx__keyent *next;   /* bucket chain */
};

#define INITIAL_BITS 10

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct actx__keyent *initial[1u << INITIAL_BITS];
static struct actx__keyent **buckets = initial; /* guarded by `lock` */
static unsigned bits = INITIAL_BITS;            /* log2 of the bucket count */
static size_t count;                            /* entries */

static size_t hash(const void *key, unsigned nbits) {
  return (size_t)(((uint64_t)(uintptr_t)key * 0x9E3779B97F4A7C15ull) >> (64 - nbits));
}

static struct actx__keyent **bucket(const void *key) {
  return &buckets[hash(key, bits)];
}

/* Doubles the table when it is fuller than one entry per bucket.  Called with
 * `lock`. */
static void maybe_grow(void) {
  if (count <= ((size_t)1 << bits) || bits >= 30) return;
  size_t n = (size_t)1 << (bits + 1);
  struct actx__keyent **nb = actx__malloc(n * sizeof *nb);
  if (!nb) return;
  memset(nb, 0, n * sizeof *nb);
  for (size_t i = 0; i < ((size_t)1 << bits); i++) {
    while (buckets[i]) {
      struct actx__keyent *e = buckets[i];
      buckets[i] = e->next;
      size_t j = hash(e->key, bits + 1);
      e->next = nb[j];
      nb[j] = e;
    }
  }
  if (buckets != initial) actx__free(buckets);
  buckets = nb;
  bits++;
}

void actx__keyed_fork_lock(bool on) {
  if (on) pthread_mutex_lock(&lock);
  else pthread_mutex_unlock(&lock);
}

static bool same_slot(const char *a, const char *b) {
  return a == b || strcmp(a, b) == 0;
}

int actx__keyed_set(struct actx__bound *h, const void *key, const char *slot) {
  struct actx__bound *old = NULL;
  pthread_mutex_lock(&lock);
  struct actx__keyent **head = bucket(key), *e;
  for (e = *head; e; e = e->next)
    if (e->key == key && same_slot(e->slot, slot)) break;
  if (e) {
    old = e->h;
    old->keyed = NULL;
  } else {
    e = actx__malloc(sizeof *e);
    if (!e) {
      pthread_mutex_unlock(&lock);
      return ACTX_ENOMEM;
    }
    e->key = key;
    e->slot = slot;
    e->next = *head;
    *head = e;
    count++;
    maybe_grow();
  }
  e->h = h;
  h->keyed = e;
  pthread_mutex_unlock(&lock);
  if (old) actx__bound_release(old);
  return 0;
}

void actx__keyed_forget(struct actx__bound *h) {
  pthread_mutex_lock(&lock);
  struct actx__keyent *e = h->keyed;
  if (e) {
    struct actx__keyent **p = bucket(e->key);
    while (*p != e) p = &(*p)->next;
    *p = e->next;
    count--;
    h->keyed = NULL;
  }
  pthread_mutex_unlock(&lock);
  actx__free(e);
}

/* Releases the entries of `key` whose slot matches (any slot when NULL). */
static int release(const void *key, const char *slot) {
  if (!key) return 0;
  struct actx__keyent *gone = NULL;
  pthread_mutex_lock(&lock);
  for (struct actx__keyent **p = bucket(key); *p;) {
    struct actx__keyent *e = *p;
    if (e->key == key && (!slot || same_slot(e->slot, slot))) {
      *p = e->next;
      count--;
      e->h->keyed = NULL;
      e->next = gone;
      gone = e;
    } else {
      p = &e->next;
    }
  }
  pthread_mutex_unlock(&lock);
  int n = 0;
  while (gone) {
    struct actx__keyent *e = gone;
    gone = e->next;
    if (actx__bound_release(e->h) == 0) n++;
    actx__free(e);
  }
  return n;
}

int actx_release_key(const void *key) { return release(key, NULL); }

int actx_release_slot(const void *key, const char *slot) {
  return slot ? release(key, slot) : 0;
}
