/* stubs.c -- the stub pool: where bound function pointers come from.
 *
 * A stub is a small piece of pre-assembled code (stubs-<arch>.S) with one
 * writable data slot; calling the stub jumps through the binding stored in its
 * slot.  This module hands out stubs, never takes them back (bind.c pairs each
 * stub with one binding object for the life of the process and recycles the
 * pair), and answers "is this address one of our stubs, and where is its slot?"
 *
 * Sources, in order:
 *   1. the static pool: ACTX__STATIC_STUBS stubs in .text, slots in .bss;
 *   2. stub pages: the template page of the library's own file mapped
 *      read+execute over the first page of a fresh two-page read+write
 *      anonymous mapping; the second page holds the copy's slots.  No page is
 *      ever writable and executable, and nothing gains PROT_EXEC through
 *      mprotect, so this works under PR_SET_MDWE / MemoryDenyWriteExecute.
 *      The mapped bytes are compared with the template in memory: if the file
 *      on disk changed since it was loaded, we refuse to use it.
 *   3. when the file cannot be used (unreadable, replaced on disk, not found):
 *      the same, with the template page copied into a sealed memfd instead of
 *      the file.  Still never a writable+executable page: the memfd is filled
 *      with write(2), sealed against writes, and only then mapped read+execute
 *      (a policy that forbids executable memfd mappings makes this fail);
 *   4. otherwise: no stub, ENOMEM.
 *
 * Invariants: `stubs_lock` guards every field below; actx__stub_slot() reads only
 * `page_set`, an insert-only open-addressing hash set whose entries are
 * published with release order, so lookups take no lock and cost O(1) however
 * many pages exist.  Pages are never unmapped.
 */
#define _GNU_SOURCE /* dl_iterate_phdr */
#include "stubs.h"

#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <unistd.h>

#if ACTX__HAVE_STUBS

#ifdef __aarch64__
#define STATIC_STUB_SIZE 32 /* adrp+ldr reach the .bss slot from anywhere */
#else
#define STATIC_STUB_SIZE 16
#endif
#define PAGE_STUB_SIZE 16
#define PAGE 4096
#define PAGE_STUBS (PAGE / PAGE_STUB_SIZE)
#define MAX_PAGES 4096 /* 1M dynamic stubs: a bound on the lookup table */

/* Defined in stubs-<arch>.S. */
extern char actx__static_stubs[];
extern char actx__tpl_page[];
ACTX__HIDDEN void *actx__static_slots[ACTX__STATIC_STUBS];

static struct actx__mutex stubs_lock = ACTX__MUTEX_INIT;
static unsigned static_used;                       /* static stubs handed out */
static unsigned static_limit = ACTX__STATIC_STUBS; /* tests lower it */
static long page_limit = MAX_PAGES;                /* tests lower it */
static char *_Atomic pages[MAX_PAGES];             /* code page of each mapping */
static _Atomic unsigned npages;
#define SET_SIZE (2 * MAX_PAGES)             /* power of two; at most half full */
static _Atomic uintptr_t page_set[SET_SIZE]; /* code pages; 0 = empty */

static size_t page_hash(uintptr_t page) {
  return (size_t)(((uint64_t)page * 0x9E3779B97F4A7C15ull) >> 40) & (SET_SIZE - 1);
}

/* Called with stubs_lock. */
static void page_set_add(uintptr_t page) {
  assert(actx__mutex_held(&stubs_lock));
  size_t i = page_hash(page);
  while (atomic_load_explicit(&page_set[i], memory_order_relaxed))
    i = (i + 1) & (SET_SIZE - 1);
  atomic_store_explicit(&page_set[i], page, memory_order_release);
}

static bool page_set_has(uintptr_t page) {
  for (size_t i = page_hash(page);; i = (i + 1) & (SET_SIZE - 1)) {
    uintptr_t v = atomic_load_explicit(&page_set[i], memory_order_acquire);
    if (v == page)
      return true;
    if (!v)
      return false;
  }
}
static unsigned page_used; /* stubs handed out from the last page */
static int tpl_fd = -2;    /* -2: not looked up yet; -1: unavailable */
static off_t tpl_off;
static bool force_memfd; /* tests: skip the file */

void actx__test_stub_force_memfd(bool on) {
  actx__mutex_lock(&stubs_lock);
  force_memfd = on;
  if (tpl_fd >= 0)
    close(tpl_fd);
  tpl_fd = -2; /* look again */
  actx__mutex_unlock(&stubs_lock);
}

/* A sealed memfd holding a copy of the template page, or -1. */
static int template_memfd(void) {
  int fd = memfd_create("actx-stubs", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0)
    return -1;
  if (write(fd, actx__tpl_page, PAGE) != PAGE ||
      fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

void actx__test_stub_limits(long static_stubs, long max_pages) {
  actx__mutex_lock(&stubs_lock);
  if (static_stubs >= 0)
    static_limit = static_stubs < ACTX__STATIC_STUBS ? (unsigned)static_stubs : ACTX__STATIC_STUBS;
  if (max_pages >= 0)
    page_limit = max_pages < MAX_PAGES ? max_pages : MAX_PAGES;
  actx__mutex_unlock(&stubs_lock);
}

struct find_ctx {
  uintptr_t addr;
  const char *name;
  off_t off;
  int found;
};

/* dl_iterate_phdr callback: the loaded object and the file offset that hold
 * `addr`. */
static int find_object(struct dl_phdr_info *info, size_t size, void *arg) {
  (void)size;
  struct find_ctx *c = arg;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    if (ph->p_type != PT_LOAD)
      continue;
    uintptr_t start = info->dlpi_addr + ph->p_vaddr;
    if (c->addr < start || c->addr >= start + ph->p_filesz)
      continue;
    c->name = info->dlpi_name;
    c->off = (off_t)(c->addr - start + ph->p_offset);
    c->found = 1;
    return 1;
  }
  return 0;
}

/* Opens `path` if its bytes at `off` are the template page.  -1 otherwise. */
static int open_if_template(const char *path, off_t off) {
  static char buf[PAGE]; /* called with stubs_lock held */
  assert(actx__mutex_held(&stubs_lock));
  if (!path || !path[0])
    return -1;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  if (pread(fd, buf, PAGE, off) != PAGE || memcmp(buf, actx__tpl_page, PAGE) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

/* Opens the file the template page was loaded from.  Called with stubs_lock.
 * The main program is listed with an empty name; /proc/self/exe names it,
 * except under tools like valgrind, where it is the tool: AT_EXECFN then. */
static void find_template(void) {
  assert(actx__mutex_held(&stubs_lock));
  struct find_ctx c = {.addr = (uintptr_t)actx__tpl_page};
  tpl_fd = -1;
  if (sysconf(_SC_PAGESIZE) != PAGE)
    return;
  dl_iterate_phdr(find_object, &c);
  if (!force_memfd && c.found && !(c.off & (PAGE - 1))) {
    tpl_off = c.off;
    if (c.name && c.name[0]) {
      tpl_fd = open_if_template(c.name, c.off);
    } else {
      tpl_fd = open_if_template("/proc/self/exe", c.off);
      if (tpl_fd < 0)
        tpl_fd = open_if_template((const char *)getauxval(AT_EXECFN), c.off);
    }
  }
  if (tpl_fd < 0) {
    tpl_fd = template_memfd();
    tpl_off = 0;
  }
}

/* Maps one more stub page.  Called with stubs_lock.  0 or -errno. */
static int map_page(void) {
  assert(actx__mutex_held(&stubs_lock));
  unsigned n = atomic_load_explicit(&npages, memory_order_relaxed);
  if ((long)n >= page_limit)
    return -ENOMEM;
  if (tpl_fd == -2)
    find_template();
  if (tpl_fd < 0)
    return -ENOMEM;
  char *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    return -ENOMEM;
  char *code = mmap(p, PAGE, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_FIXED, tpl_fd, tpl_off);
  if (code != p || memcmp(code, actx__tpl_page, PAGE) != 0) {
    munmap(p, 2 * PAGE);
    return -ENOMEM;
  }
  atomic_store_explicit(&pages[n], p, memory_order_relaxed);
  page_set_add((uintptr_t)p);
  atomic_store_explicit(&npages, n + 1, memory_order_release);
  page_used = 0;
  return 0;
}

unsigned actx__stubs_alloc(unsigned want, struct actx__stub *out) {
  unsigned got = 0;
  actx__mutex_lock(&stubs_lock);
  while (got < want && static_used < static_limit) {
    out[got].code = (actx_fn)(void *)(actx__static_stubs + STATIC_STUB_SIZE * static_used);
    out[got].slot = &actx__static_slots[static_used];
    static_used++;
    got++;
  }
  while (got < want) {
    unsigned n = atomic_load_explicit(&npages, memory_order_relaxed);
    if (n == 0 || page_used == PAGE_STUBS) {
      if (map_page() != 0)
        break;
      n++;
    }
    char *code = atomic_load_explicit(&pages[n - 1], memory_order_relaxed);
    out[got].code = (actx_fn)(void *)(code + PAGE_STUB_SIZE * page_used);
    out[got].slot = (void **)(code + PAGE) + page_used;
    page_used++;
    got++;
  }
  actx__mutex_unlock(&stubs_lock);
  return got;
}

void **actx__stub_slot(actx_fn fn) {
  uintptr_t a = (uintptr_t)(void *)fn;
  uintptr_t s = (uintptr_t)actx__static_stubs;
  if (a >= s && a < s + STATIC_STUB_SIZE * ACTX__STATIC_STUBS) {
    if ((a - s) % STATIC_STUB_SIZE)
      return NULL;
    return &actx__static_slots[(a - s) / STATIC_STUB_SIZE];
  }
  uintptr_t page = a & ~(uintptr_t)(PAGE - 1);
  if (a % PAGE_STUB_SIZE || !page_set_has(page))
    return NULL;
  return (void **)(page + PAGE) + (a - page) / PAGE_STUB_SIZE;
}

unsigned actx__stub_pages(void) {
  return atomic_load_explicit(&npages, memory_order_relaxed);
}

void actx__stubs_fork_lock(bool on) {
  if (on)
    actx__mutex_lock(&stubs_lock);
  else
    actx__mutex_unlock(&stubs_lock);
}

#else /* !ACTX__HAVE_STUBS: boxing-only build */

void actx__test_stub_limits(long static_stubs, long max_pages) {
  (void)static_stubs;
  (void)max_pages;
}
void actx__test_stub_force_memfd(bool on) {
  (void)on;
}
unsigned actx__stubs_alloc(unsigned want, struct actx__stub *out) {
  (void)want;
  (void)out;
  return 0;
}
void **actx__stub_slot(actx_fn fn) {
  (void)fn;
  return NULL;
}
unsigned actx__stub_pages(void) {
  return 0;
}
void actx__stubs_fork_lock(bool on) {
  (void)on;
}

#endif
