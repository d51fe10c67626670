/* trace_export.c -- Chrome trace-event JSON of callback runs, registration
 * flows and resource lifetimes (ACTX_TRACE=FILE, actx_trace_export_start/stop).
 *
 * Built on the hook machinery: a session is one internal hook (init, before,
 * after, destroy).  While it is enabled no thread goes quiet, so every bound
 * call takes the slow enter and leave and dispatches `before` and `after`;
 * when no session runs, the bound-call path is exactly what it is without
 * this module: the thunk's one test of the thread's `quiet` byte.
 *
 * What one session writes (JSON array format, docs/observability.md):
 *   - "X" slice per run of a resource (bound call or resource run) on its
 *     thread, written when the run ends, named after the resource's type (a
 *     binding's type is its callback's name), args: async id, trigger id, type
 *     and, for a bound call, its registration site (file, line, function);
 *   - per run of a resource whose registration (init) the session saw, a flow
 *     arrow: "s" at the registration, inside the slice running then, and "f"
 *     (bp "e") FLOW_IN_NS into the run's slice (before any run nested in it
 *     can start, and clear of the slice's own start, which viewers parse from
 *     decimal microseconds), sharing a fresh id.  Both are written with the
 *     run's slice, so every "s" has its "f".  Registrations made outside any
 *     slice get a marker slice of MARK_NS ("register <type>") for the "s" to
 *     sit in, FLOW_IN_NS into it;
 *   - "b"/"e" async events from init to destroy of each resource (resources
 *     still alive at stop end there, with "alive_at_stop");
 *   - "M" thread_name and process_name metadata.
 *
 * Memory is bounded, the trace is streamed: each thread formats its events
 * into its own buffer (CHUNK bytes) and appends the whole buffer to the file
 * with one write() under `file_lock` when it is nearly full, when the thread
 * exits and at stop.  A ring buffer would keep the last N events only and
 * lose what the flows point back to; streaming keeps the whole run at the cost
 * of the file's size.  The registrations the flows need (time and thread of
 * each live resource's init) are kept in a table of at most REG_MAX entries:
 * beyond that, new resources get no lifetime and no flows.
 *
 * Locks, in the order they nest: ctl_lock (start/stop) -> list_lock (the
 * buffers) -> a buffer's lock -> a table shard's lock -> file_lock.  A buffer
 * is written only under its lock, by its thread or by stop; events check the
 * session's state under it, so once stop has flushed a buffer nothing more is
 * added to it.  None is held while user code runs.
 *
 * fork(): the child stops tracing (state CHILD): it writes nothing, and its
 * hook disables itself at the child's next event; the parent's file is the
 * parent's.  The atfork handlers hold every lock of this module across fork().
 *
 * Errors never reach the program: a failed write is reported once on stderr
 * (one line naming the file and the error), the session drops everything
 * after it and its hook disables itself.  exit() runs stop (atexit), which
 * closes the JSON array.
 */
#define _GNU_SOURCE /* secure_getenv, gettid, pthread_getname_np, program_invocation_short_name */
#include "bound.h"  /* a bound call's registration site */

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { ST_OFF, ST_ON, ST_CHILD };

#define CHUNK (64 * 1024) /* per-thread buffer: one write() each time it fills */
#define EVENT_MAX 4096    /* room the events of one hook call may take */
#define NAME_MAX_ 120     /* bytes of a type or thread name written */
#define MAX_DEPTH 64      /* nested runs recorded per thread; deeper ones are not */
#define MARK_NS 10        /* the marker slice of a registration made outside any run */
#define FLOW_IN_NS 5      /* how far into its slice a flow starts or ends */
#define SHARDS 16
#define SHARD_MAX (1u << 14) /* live registrations per shard: REG_MAX in all */
#define REG_MAX (SHARDS * SHARD_MAX)

/* --------------------------------------------------------- session state */

static _Atomic int state;        /* ST_*: read lock-free by every event */
static _Atomic uint32_t session; /* bumped by each start */
static struct actx__mutex ctl_lock = ACTX__MUTEX_INIT;
static actx_hook *hook; /* the session's; under ctl_lock */
static uint64_t t0;     /* session start, CLOCK_MONOTONIC ns */
static long pid;        /* getpid() at start */
static _Atomic uint64_t next_flow = 1;

static struct actx__mutex file_lock = ACTX__MUTEX_INIT;
static int fd = -1;       /* under file_lock (and ctl_lock to change) */
static char *path_copy;   /* for messages; under ctl_lock */
static bool file_started; /* "[" and the header written; under file_lock */
static bool file_failed;  /* a write failed: drop the rest; under file_lock */

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* --------------------------------------------------------- JSON text */

/* A run in progress on a thread, written as a slice when it ends. */
struct open_run {
  uint64_t start; /* ns since t0 */
  actx_id id, trigger;
  const char *type; /* borrowed: outlives the resource */
  uint64_t reg_ts;  /* where the flow starts (0: no flow) */
  int32_t reg_tid;
  const actx_site *site; /* a bound call's registration site, or NULL */
};

/* One thread's buffer.  `lock` guards everything but list links and tid. */
struct tbuf {
  struct actx__mutex lock;
  struct tbuf *next, *prev; /* under list_lock */
  int32_t tid;              /* set at creation */
  char ids[48];             /* `","pid":P,"tid":T` of this thread, this session */
  size_t ids_len;
  uint32_t session; /* the session whose events `out` holds */
  unsigned depth;   /* runs in progress (only MAX_DEPTH recorded) */
  struct open_run open[MAX_DEPTH];
  size_t len;
  char out[CHUNK];
};

static void put_raw(struct tbuf *b, const char *s, size_t n) {
  memcpy(b->out + b->len, s, n);
  b->len += n;
}
#define PUT(b, lit) put_raw((b), (lit), sizeof(lit) - 1)

static const char digit_pairs[] = "00010203040506070809101112131415161718192021222324252627282930"
                                  "31323334353637383940414243444546474849505152535455565758596061"
                                  "6263646566676869707172737475767778798081828384858687888990919293"
                                  "949596979899";

/* Two digits per division, straight into the buffer: the trace is mostly
 * numbers. */
static void put_u64(struct tbuf *b, uint64_t v) {
  int digits = 1;
  for (uint64_t p = 10; digits < 20 && v >= p; p *= 10)
    digits++;
  char *end = b->out + b->len + digits, *o = end;
  while (v >= 100) {
    unsigned d = (unsigned)(v % 100) * 2;
    v /= 100;
    *--o = digit_pairs[d + 1];
    *--o = digit_pairs[d];
  }
  if (v >= 10) {
    *--o = digit_pairs[v * 2 + 1];
    *--o = digit_pairs[v * 2];
  } else {
    *--o = (char)('0' + v);
  }
  b->len += (size_t)digits;
}

/* `,"id":"0x<hex>"`: the id of a lifetime's async events, a string as the
 * format's examples have it. */
static void put_async_id(struct tbuf *b, uint64_t id) {
  static const char hex[] = "0123456789abcdef";
  PUT(b, ",\"id\":\"0x");
  int digits = 1;
  while (digits < 16 && id >> (4 * digits))
    digits++;
  for (int i = digits - 1; i >= 0; i--)
    b->out[b->len++] = hex[(id >> (4 * i)) & 15];
  b->out[b->len++] = '"';
}

/* ns as microseconds with three decimals: the format's unit. */
static void put_us(struct tbuf *b, uint64_t ns) {
  put_u64(b, ns / 1000);
  unsigned f = (unsigned)(ns % 1000);
  b->out[b->len++] = '.';
  b->out[b->len++] = (char)('0' + f / 100);
  b->out[b->len++] = (char)('0' + f / 10 % 10);
  b->out[b->len++] = (char)('0' + f % 10);
}

/* A JSON string of `prefix` and `s`: quotes and backslashes escaped, control
 * characters as \u00XX, bytes outside ASCII as '?' (names need not be
 * UTF-8), `s` cut at NAME_MAX_ bytes. */
/* The bytes a JSON string holds as they are: printable ASCII but '"' and '\\'. */
static const bool plain_byte[256] = {
    [' '] = 1,
    ['!'] = 1,
    ['#' ... '['] = 1,
    [']' ... '~'] = 1,
};

static void put_str2(struct tbuf *b, const char *prefix, const char *s) {
  static const char hex[] = "0123456789abcdef";
  b->out[b->len++] = '"';
  put_raw(b, prefix, strlen(prefix));
  size_t i = 0;
  if (s) /* the common case, a byte that needs nothing, in a tight loop */
    for (char *o = b->out + b->len; i < NAME_MAX_ && plain_byte[(unsigned char)s[i]]; i++)
      o[i] = s[i];
  b->len += i;
  for (; s && s[i] && i < NAME_MAX_; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') {
      b->out[b->len++] = '\\';
      b->out[b->len++] = (char)c;
    } else if (c < 0x20) {
      put_raw(b, "\\u00", 4);
      b->out[b->len++] = hex[c >> 4];
      b->out[b->len++] = hex[c & 15];
    } else {
      b->out[b->len++] = c < 0x80 ? (char)c : '?';
    }
  }
  b->out[b->len++] = '"';
}

static void put_str(struct tbuf *b, const char *s) {
  put_str2(b, "", s);
}

/* `,{"ph":"P","pid":N,"tid":T` -- every event starts so (the file's first
 * event, the process name, is written by flush without the comma). */
static void put_head(struct tbuf *b, char ph, int32_t tid) {
  PUT(b, ",\n{\"ph\":\"");
  b->out[b->len++] = ph;
  if (tid == b->tid) {
    put_raw(b, b->ids, b->ids_len);
    return;
  }
  PUT(b, "\",\"pid\":");
  put_u64(b, (uint64_t)pid);
  PUT(b, ",\"tid\":");
  put_u64(b, (uint64_t)(uint32_t)tid);
}

/* ------------------------------------------------------------- the file */

static void report(const char *what, int err) {
  fprintf(stderr, "actx: cannot write trace %s: %s%s\n", path_copy ? path_copy : "?", strerror(err),
          what);
}

/* Called with file_lock held.  false (once reported) when it failed. */
static bool write_all(const char *p, size_t n) {
  if (fd < 0 || file_failed)
    return false;
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0) {
      file_failed = true;
      report(" (tracing stopped; the program goes on)", w < 0 ? errno : EIO);
      return false;
    }
    p += w;
    n -= (size_t)w;
  }
  return true;
}

/* The array's opening and the process's name: before the first chunk. */
static bool start_file(void) {
  if (file_started)
    return true;
  file_started = true;
  char head[512];
  int n = snprintf(head, sizeof head,
                   "[\n{\"ph\":\"M\",\"pid\":%ld,\"tid\":0,\"name\":\"process_name\","
                   "\"args\":{\"name\":\"",
                   pid);
  for (const char *s = program_invocation_short_name; *s && n < 400; s++)
    if (*s != '"' && *s != '\\' && (unsigned char)*s >= 0x20 && (unsigned char)*s < 0x80)
      head[n++] = *s;
  n += snprintf(head + n, sizeof head - (size_t)n, "\"}}");
  return write_all(head, (size_t)n);
}

/* Disables the session's hook (a fork child's, or one whose file failed), so
 * that bound calls take their quiet path again; the state stays, and stop
 * (or exit) frees the hook.  Skipped when ctl_lock is busy: its holder is
 * starting or stopping.  Inside a dispatch the change takes effect when the
 * dispatch ends. */
static void retire_hook(void) {
  if (pthread_mutex_trylock(&ctl_lock.m) != 0)
    return;
#ifndef NDEBUG
  atomic_store_explicit(&ctl_lock.owner, &actx__t, memory_order_relaxed);
#endif
  if (hook)
    actx_hook_disable(hook);
  actx__mutex_unlock(&ctl_lock);
}

/* Appends b's events to the file.  Called with b's lock held. */
static void flush(struct tbuf *b) {
  if (b->len == 0)
    return;
  actx__mutex_lock(&file_lock);
  bool ok = start_file() && write_all(b->out, b->len);
  actx__mutex_unlock(&file_lock);
  b->len = 0;
  if (!ok)
    retire_hook();
}

static void reserve(struct tbuf *b) {
  if (b->len + EVENT_MAX > CHUNK)
    flush(b);
}

/* ------------------------------------------------------- registrations */

struct reg {
  actx_id id;       /* 0: empty slot */
  uint64_t ts;      /* where a flow from it starts, ns since t0 */
  const char *type; /* for the lifetime's end */
  int32_t tid;
};

static struct shard {
  struct actx__mutex lock;
  struct reg *slot; /* open addressing, linear probing; cap a power of two */
  size_t cap, n;
} shards[SHARDS] = {[0 ... SHARDS - 1] = {ACTX__MUTEX_INIT, NULL, 0, 0}};

static struct shard *shard_of(actx_id id) {
  return &shards[id % SHARDS];
}
static size_t home(const struct shard *sh, actx_id id) {
  return (size_t)((id / SHARDS) * 0x9e3779b97f4a7c15u >> 32) & (sh->cap - 1);
}

/* Called with sh->lock held.  false when full or out of memory. */
static bool reg_put(struct shard *sh, const struct reg *r) {
  if (sh->n >= SHARD_MAX)
    return false;
  if ((sh->n + 1) * 2 > sh->cap) {
    size_t cap = sh->cap ? sh->cap * 2 : 64;
    struct reg *slot = actx__malloc(cap * sizeof *slot);
    if (!slot)
      return false;
    memset(slot, 0, cap * sizeof *slot);
    struct reg *old = sh->slot;
    size_t oldcap = sh->cap;
    sh->slot = slot;
    sh->cap = cap;
    for (size_t i = 0; i < oldcap; i++)
      if (old[i].id) {
        size_t j = home(sh, old[i].id);
        while (slot[j].id)
          j = (j + 1) & (cap - 1);
        slot[j] = old[i];
      }
    actx__free(old);
  }
  size_t j = home(sh, r->id);
  while (sh->slot[j].id)
    j = (j + 1) & (sh->cap - 1);
  sh->slot[j] = *r;
  sh->n++;
  return true;
}

/* Called with sh->lock held: the slot holding id, or NULL. */
static struct reg *reg_find(struct shard *sh, actx_id id) {
  if (!sh->cap)
    return NULL;
  for (size_t j = home(sh, id);; j = (j + 1) & (sh->cap - 1)) {
    if (sh->slot[j].id == id)
      return &sh->slot[j];
    if (!sh->slot[j].id)
      return NULL;
  }
}

/* Called with sh->lock held: removes `r` (a slot of sh), shifting back the
 * entries after it that probing would no longer find. */
static void reg_remove(struct shard *sh, struct reg *r) {
  size_t mask = sh->cap - 1, i = (size_t)(r - sh->slot);
  for (size_t j = (i + 1) & mask; sh->slot[j].id; j = (j + 1) & mask) {
    size_t h = home(sh, sh->slot[j].id);
    /* j's entry may move to i when i lies cyclically in [h, j). */
    if (((j - h) & mask) >= ((j - i) & mask)) {
      sh->slot[i] = sh->slot[j];
      i = j;
    }
  }
  sh->slot[i].id = 0;
  sh->n--;
}

/* ----------------------------------------------------------- buffers */

static struct actx__mutex list_lock = ACTX__MUTEX_INIT;
static struct tbuf *buffers; /* under list_lock */
static pthread_key_t exit_key;
static ACTX__TLS struct tbuf *mine;

static void thread_name_event(struct tbuf *b) {
  char name[64] = "";
  pthread_getname_np(pthread_self(), name, sizeof name);
  put_head(b, 'M', b->tid);
  PUT(b, ",\"name\":\"thread_name\",\"args\":{\"name\":");
  put_str(b, name[0] ? name : "thread");
  PUT(b, "}}");
}

/* This thread's buffer, locked and holding the running session's events, or
 * NULL when no session runs (or no memory). */
static struct tbuf *lock_buf(void) {
  if (ACTX__UNLIKELY(atomic_load_explicit(&state, memory_order_acquire) != ST_ON))
    return NULL;
  struct tbuf *b = mine;
  if (ACTX__UNLIKELY(!b)) {
    b = actx__malloc(sizeof *b);
    if (!b)
      return NULL;
    b->lock = (struct actx__mutex)ACTX__MUTEX_INIT;
    b->tid = (int32_t)gettid();
    b->session = 0;
    b->depth = 0;
    b->len = 0;
    actx__mutex_lock(&list_lock);
    ACTX__DLIST_PUSH(buffers, b);
    actx__mutex_unlock(&list_lock);
    mine = b;
    pthread_setspecific(exit_key, b);
  }
  actx__mutex_lock(&b->lock);
  if (atomic_load_explicit(&state, memory_order_acquire) != ST_ON) {
    actx__mutex_unlock(&b->lock);
    return NULL;
  }
  uint32_t s = atomic_load_explicit(&session, memory_order_acquire);
  if (b->session != s) {
    b->session = s;
    b->depth = 0;
    b->len = 0;
    b->ids_len = (size_t)snprintf(b->ids, sizeof b->ids, "\",\"pid\":%ld,\"tid\":%ld", pid,
                                  (long)(uint32_t)b->tid);
    thread_name_event(b);
  }
  return b;
}

/* The slice of a run (`end`: ns since t0), and its flow when it has one. */
static void put_run(struct tbuf *b, const struct open_run *o, uint64_t end, bool unfinished) {
  reserve(b);
  uint64_t dur = end > o->start ? end - o->start : 0;
  put_head(b, 'X', b->tid);
  PUT(b, ",\"cat\":\"actx\",\"name\":");
  put_str(b, o->type);
  PUT(b, ",\"ts\":");
  put_us(b, o->start);
  PUT(b, ",\"dur\":");
  put_us(b, dur);
  PUT(b, ",\"args\":{\"async_id\":");
  put_u64(b, o->id);
  PUT(b, ",\"trigger_id\":");
  put_u64(b, o->trigger);
  PUT(b, ",\"type\":");
  put_str(b, o->type);
  if (o->site) {
    PUT(b, ",\"site\":{\"file\":");
    put_str(b, o->site->file);
    PUT(b, ",\"line\":");
    put_u64(b, (uint64_t)(o->site->line > 0 ? o->site->line : 0));
    PUT(b, ",\"function\":");
    put_str(b, o->site->function);
    PUT(b, "}");
  }
  if (unfinished)
    PUT(b, ",\"unfinished\":true");
  PUT(b, "}}");
  if (!o->reg_ts)
    return;
  /* After the slice in the file: a viewer that orders equal times by file
   * order then has the slice open.  The end is inside it, not at its start. */
  uint64_t flow = atomic_fetch_add_explicit(&next_flow, 1, memory_order_relaxed);
  put_head(b, 's', o->reg_tid);
  PUT(b, ",\"cat\":\"actx.flow\",\"name\":\"registered\",\"id\":");
  put_u64(b, flow);
  PUT(b, ",\"ts\":");
  put_us(b, o->reg_ts);
  PUT(b, "}");
  put_head(b, 'f', b->tid);
  PUT(b, ",\"bp\":\"e\",\"cat\":\"actx.flow\",\"name\":\"registered\",\"id\":");
  put_u64(b, flow);
  PUT(b, ",\"ts\":");
  put_us(b, o->start + (dur < 2 * FLOW_IN_NS ? dur / 2 : FLOW_IN_NS));
  PUT(b, "}");
}

/* A lifetime's end: "e" of the resource's async event. */
static void put_end(struct tbuf *b, int32_t tid, const struct reg *r, uint64_t ts, bool alive) {
  reserve(b);
  put_head(b, 'e', tid);
  PUT(b, ",\"cat\":\"actx.resource\",\"name\":");
  put_str(b, r->type);
  put_async_id(b, r->id);
  PUT(b, ",\"ts\":");
  put_us(b, ts);
  if (alive)
    PUT(b, ",\"args\":{\"alive_at_stop\":true}");
  PUT(b, "}");
}

static void buf_exit(void *arg) {
  struct tbuf *b = arg;
  actx__mutex_lock(&b->lock);
  if (b->session == atomic_load_explicit(&session, memory_order_acquire))
    flush(b); /* after stop it holds nothing: stop flushed it */
  actx__mutex_unlock(&b->lock);
  actx__mutex_lock(&list_lock);
  ACTX__DLIST_REMOVE(buffers, b);
  actx__mutex_unlock(&list_lock);
  mine = NULL;
  actx__free(b);
}

/* ------------------------------------------------------------- hooks */

/* The child of a fork stops tracing: its hook goes at its first event. */
static void retire_in_child(void) {
  if (atomic_load_explicit(&state, memory_order_relaxed) == ST_CHILD)
    retire_hook();
}

static int on_init(actx_id id, const char *type, actx_id trigger, actx_resource *r, void *u) {
  (void)trigger, (void)r, (void)u;
  struct tbuf *b = lock_buf();
  if (!b) {
    retire_in_child();
    return 0;
  }
  uint64_t ts = now_ns() - t0;
  bool in_run = b->depth > 0 && b->depth <= MAX_DEPTH;
  /* Outside any run, the flow starts in a marker slice. */
  struct reg e = {id, in_run ? ts : ts + FLOW_IN_NS, type, b->tid};
  struct shard *sh = shard_of(id);
  actx__mutex_lock(&sh->lock);
  bool kept = reg_put(sh, &e);
  actx__mutex_unlock(&sh->lock);
  if (kept) {
    reserve(b);
    put_head(b, 'b', b->tid);
    PUT(b, ",\"cat\":\"actx.resource\",\"name\":");
    put_str(b, type);
    put_async_id(b, id);
    PUT(b, ",\"ts\":");
    put_us(b, ts);
    PUT(b, ",\"args\":{\"async_id\":");
    put_u64(b, id);
    PUT(b, ",\"trigger_id\":");
    put_u64(b, trigger);
    PUT(b, "}}");
    if (!in_run) {
      put_head(b, 'X', b->tid);
      PUT(b, ",\"cat\":\"actx.register\",\"name\":");
      put_str2(b, "register ", type);
      PUT(b, ",\"ts\":");
      put_us(b, ts);
      PUT(b, ",\"dur\":");
      put_us(b, MARK_NS);
      PUT(b, ",\"args\":{\"async_id\":");
      put_u64(b, id);
      PUT(b, "}}");
    }
  }
  actx__mutex_unlock(&b->lock);
  return 0;
}

static int on_before(actx_id id, void *u) {
  (void)u;
  const actx_resource *r = actx__current_resource(&actx__t);
  struct tbuf *b = lock_buf();
  if (!b) {
    retire_in_child();
    return 0;
  }
  if (b->depth < MAX_DEPTH) {
    struct open_run *o = &b->open[b->depth];
    if (!r || r->id != id) { /* not what a dispatch of `before` enters: no slice */
      o->id = 0;
      b->depth++;
      actx__mutex_unlock(&b->lock);
      return 0;
    }
    /* A bound call's scope is the innermost now: its binding has the site. */
    const actx_scope *sc = actx__t.cur;
    const actx_site *site = NULL;
    if (sc && (sc->flags_ & ACTX__SCOPE_CALL) && sc->resource_ == r)
      site = ((const struct actx__bound *)((const actx_call *)sc)->bound_)->sites[0];
    *o = (struct open_run){now_ns() - t0, id, r->trigger, r->type, 0, 0, site};
    struct shard *sh = shard_of(id);
    actx__mutex_lock(&sh->lock);
    const struct reg *e = reg_find(sh, id);
    if (e) {
      o->reg_ts = e->ts;
      o->reg_tid = e->tid;
    }
    actx__mutex_unlock(&sh->lock);
  }
  b->depth++;
  actx__mutex_unlock(&b->lock);
  return 0;
}

static int on_after(actx_id id, void *u) {
  (void)u;
  struct tbuf *b = lock_buf();
  if (!b)
    return 0;
  /* depth 0: the run began before this session did. */
  if (b->depth > 0 && --b->depth < MAX_DEPTH && b->open[b->depth].id == id)
    put_run(b, &b->open[b->depth], now_ns() - t0, false);
  actx__mutex_unlock(&b->lock);
  return 0;
}

static int on_destroy(actx_id id, void *u) {
  (void)u;
  struct tbuf *b = lock_buf();
  if (!b)
    return 0;
  struct shard *sh = shard_of(id);
  actx__mutex_lock(&sh->lock);
  struct reg *e = reg_find(sh, id), copy = {0};
  if (e) {
    copy = *e;
    reg_remove(sh, e);
  }
  actx__mutex_unlock(&sh->lock);
  if (copy.id)
    put_end(b, b->tid, &copy, now_ns() - t0, false);
  actx__mutex_unlock(&b->lock);
  return 0;
}

/* -------------------------------------------------------- start, stop */

static void stop_at_exit(void) {
  actx_trace_export_stop();
}

static void fork_prepare(void) {
  actx__mutex_lock(&ctl_lock);
  actx__mutex_lock(&list_lock);
  for (int i = 0; i < SHARDS; i++)
    actx__mutex_lock(&shards[i].lock);
  actx__mutex_lock(&file_lock);
}

static void fork_parent(void) {
  actx__mutex_unlock(&file_lock);
  for (int i = SHARDS - 1; i >= 0; i--)
    actx__mutex_unlock(&shards[i].lock);
  actx__mutex_unlock(&list_lock);
  actx__mutex_unlock(&ctl_lock);
}

/* The child keeps none of the parent's trace: not its file, not the buffers
 * (their threads are not in the child; prepare held list_lock, so the list is
 * whole), not the registrations.  Nothing is written. */
static void fork_child(void) {
  if (atomic_load_explicit(&state, memory_order_relaxed) == ST_ON)
    atomic_store_explicit(&state, ST_CHILD, memory_order_release);
  if (fd >= 0)
    close(fd);
  fd = -1;
  for (struct tbuf *b = buffers, *next; b; b = next) {
    next = b->next;
    actx__free(b);
  }
  buffers = NULL;
  mine = NULL;
  pthread_setspecific(exit_key, NULL);
  for (int i = 0; i < SHARDS; i++) {
    actx__free(shards[i].slot);
    shards[i].slot = NULL, shards[i].cap = shards[i].n = 0;
  }
  fork_parent();
}

static pthread_once_t setup_once = PTHREAD_ONCE_INIT;
static bool setup_ok;

/* Once, at the first start: after libactx's own atfork handlers (thread.c's
 * constructor), so these prepare first and never wait on a runtime lock
 * while holding ctl_lock. */
static void setup(void) {
  setup_ok = pthread_key_create(&exit_key, buf_exit) == 0 &&
             pthread_atfork(fork_prepare, fork_parent, fork_child) == 0 &&
             atexit(stop_at_exit) == 0;
}

int actx_trace_export_start(const char *path) {
  if (!path || !path[0])
    return ACTX_EINVAL;
  pthread_once(&setup_once, setup);
  if (!setup_ok)
    return ACTX_ENOMEM;
  actx__mutex_lock(&ctl_lock);
  int err = 0;
  if (atomic_load_explicit(&state, memory_order_relaxed) == ST_ON) {
    err = ACTX_EALREADY;
    goto out;
  }
  static const actx_hook_callbacks cbs = {on_init, on_before, on_after, on_destroy, NULL};
  char *copy = actx__malloc(strlen(path) + 1);
  actx_hook *h = copy ? actx_hook_new(&cbs, NULL) : NULL;
  if (!h) {
    actx__free(copy);
    err = ACTX_ENOMEM;
    goto out;
  }
  int f = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (f < 0) {
    err = -errno;
    actx_hook_free(h);
    actx__free(copy);
    goto out;
  }
  if (hook) /* a fork child's, retired */
    actx_hook_free(hook);
  hook = h;
  pid = (long)getpid();
  t0 = now_ns();
  actx__mutex_lock(&file_lock);
  actx__free(path_copy);
  path_copy = strcpy(copy, path);
  fd = f;
  file_started = false;
  file_failed = false;
  start_file(); /* a program killed later leaves "[" and whole chunks */
  actx__mutex_unlock(&file_lock);
  atomic_fetch_add_explicit(&session, 1, memory_order_release);
  atomic_store_explicit(&state, ST_ON, memory_order_release);
  actx__hook_set_internal(h);
  if (!actx_hook_enable(h)) {
    /* No memory for the new hook set: nothing was traced, nothing written. */
    atomic_store_explicit(&state, ST_OFF, memory_order_release);
    actx__mutex_lock(&file_lock);
    close(fd);
    fd = -1;
    actx__mutex_unlock(&file_lock);
    err = ACTX_ENOMEM;
  }
out:
  actx__mutex_unlock(&ctl_lock);
  return err;
}

int actx_trace_export_stop(void) {
  actx__mutex_lock(&ctl_lock);
  if (atomic_load_explicit(&state, memory_order_relaxed) != ST_ON) {
    actx__mutex_unlock(&ctl_lock);
    return ACTX_EALREADY;
  }
  uint64_t end = now_ns() - t0;
  atomic_store_explicit(&state, ST_OFF, memory_order_release);
  actx_hook_free(hook);
  hook = NULL;
  uint32_t s = atomic_load_explicit(&session, memory_order_relaxed);
  /* Runs still in progress end here, marked unfinished; then each buffer
   * goes to the file.  No event is added to a buffer after this. */
  actx__mutex_lock(&list_lock);
  struct tbuf *last = NULL;
  for (struct tbuf *b = buffers; b; b = b->next) {
    actx__mutex_lock(&b->lock);
    if (b->session == s) {
      while (b->depth > 0) {
        b->depth--;
        if (b->depth < MAX_DEPTH)
          put_run(b, &b->open[b->depth], end, true);
      }
      flush(b);
      last = b;
    }
    actx__mutex_unlock(&b->lock);
  }
  /* Lifetimes still open end at stop, written through the last buffer
   * flushed (its thread adds nothing more: the state is OFF). */
  if (last)
    actx__mutex_lock(&last->lock);
  for (int i = 0; i < SHARDS; i++) {
    struct shard *sh = &shards[i];
    actx__mutex_lock(&sh->lock);
    for (size_t j = 0; last && j < sh->cap; j++)
      if (sh->slot[j].id)
        put_end(last, sh->slot[j].tid, &sh->slot[j], end, true);
    actx__free(sh->slot);
    sh->slot = NULL;
    sh->cap = sh->n = 0;
    actx__mutex_unlock(&sh->lock);
  }
  if (last) {
    flush(last);
    actx__mutex_unlock(&last->lock);
  }
  actx__mutex_unlock(&list_lock);
  actx__mutex_lock(&file_lock);
  if (start_file())
    write_all("\n]\n", 3);
  if (close(fd) != 0 && !file_failed)
    report("", errno);
  fd = -1;
  actx__mutex_unlock(&file_lock);
  actx__mutex_unlock(&ctl_lock);
  return 0;
}

/* ACTX_TRACE=FILE, from thread.c's constructor: "%p" in FILE becomes the
 * process id.  A file that cannot be opened is reported once on stderr. */
void actx__trace_export_env(void) {
  const char *v = secure_getenv("ACTX_TRACE");
  if (!v || !v[0])
    return;
  char path[4096];
  size_t n = 0;
  for (const char *p = v; *p && n + 24 < sizeof path; p++) {
    if (p[0] == '%' && p[1] == 'p') {
      n += (size_t)snprintf(path + n, sizeof path - n, "%ld", (long)getpid());
      p++;
    } else {
      path[n++] = *p;
    }
  }
  path[n] = '\0';
  int err = actx_trace_export_start(path);
  if (err && err != ACTX_EALREADY)
    fprintf(stderr, "actx: cannot write trace %s: %s\n", path, strerror(-err));
}
