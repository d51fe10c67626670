# libactx-gdb.py -- gdb commands for programs using libactx (docs/debugging.md).
#
# Installed as share/gdb/auto-load/LIBDIR/libactx.so.VERSION-gdb.py and copied
# next to the build tree's library, so gdb loads it with libactx.  Everything
# is read from the inferior's memory through libactx's debug information
# (nothing is called in the program), so the commands work on core files too:
#
#   actx bt        the selected thread's async backtrace: the registration
#                  site of the running bound callback, then of the callbacks
#                  that were running when each was registered
#   actx context   each storage's name and value in the thread's current frame
#   actx bindings  live bindings (stubs and boxes) grouped by their
#                  registration site, with lifetime and type: the leak census
#
# It also makes `step` go from the call of a bound function pointer into the
# user's callback: `skip`s for actx's headers (the inline enter and leave) and
# internal functions, and breakpoints on the stubs' shims that act only while
# a `step` is in progress (below).
import gdb

LIFETIMES = ["manual", "once", "keyed", "until-false", "forever"]
ST_LIVE, ST_PENDING = 1, 2
KIND_STUB, KIND_BOX = 1, 2
SCOPE_CALL = 8
# The runtime's file-scope statics: (file, name, type).  Read through the
# debug information when it has their location; a build with link-time
# optimisation (the default with gcc) leaves them "optimized out" there, so
# their address then comes from the library's symbol table.
CHUNKS = ("bind.c", "chunks", "struct chunk *")
SLOT_OWNER = ("storage.c", "slot_owner", "actx_storage **")
SLOTS_USED = ("storage.c", "slots_used", "uint64_t *")
SLOTS_WORDS = ("storage.c", "slots_words", "size_t")
CENSUS_PAGES = ("box.c", "census_pages", "struct census_page *")
_msymbols = {}  # objfile name -> {symbol: address}


def _libactx():
    for o in gdb.objfiles():
        base = o.filename.rsplit("/", 1)[-1]
        if base.startswith("libactx.so") or base.startswith("libactx-"):
            return o
    return None


def _msymbol_address(name):
    o = _libactx()
    if o is None:
        return None
    table = _msymbols.get(o.filename)
    if table is None:
        table = {}
        text = gdb.execute("maint print msymbols -objfile %s" % o.filename, to_string=True)
        for line in text.splitlines():
            parts = line.split()
            if len(parts) >= 4 and parts[0].startswith("[") and parts[2].startswith("0x"):
                table.setdefault(parts[3], int(parts[2], 16))
        _msymbols[o.filename] = table
    if name in table:
        return table[name]
    # LTO renames a static it moves between partitions: NAME.lto_priv.N.
    for key, addr in table.items():
        if key.startswith(name + ".lto_priv."):
            return addr
    return None


def _type(tname):
    """A type named as in C, pointers included ("struct chunk *")."""
    t = gdb.lookup_type(tname.rstrip(" *"))
    for _ in range(tname.count("*")):
        t = t.pointer()
    return t


def _static(spec):
    """The value of one of the runtime's statics, or None when not found."""
    file, name, tname = spec
    try:
        v = gdb.parse_and_eval("'%s'::%s" % (file, name))
        if not v.is_optimized_out:
            v.fetch_lazy()
            return v
    except gdb.error:
        pass
    addr = _msymbol_address(name)
    if addr is None:
        return None
    return gdb.Value(addr).cast(_type(tname).pointer()).dereference()


def _string(v):
    """A `const char *` of the inferior as text, None for NULL."""
    if int(v) == 0:
        return None
    try:
        return v.string()
    except gdb.error:
        return "<unreadable %s>" % hex(int(v))


def _thread_state():
    """The selected thread's struct actx__thread (initial-exec TLS, whose
    symbol is actx__tls_abi2)."""
    for expr in ("*(struct actx__thread *) &actx__tls_abi2", "actx__t"):
        try:
            v = gdb.parse_and_eval(expr)
            v.fetch_lazy()
            return v
        except gdb.error as e:
            err = e
    raise gdb.GdbError(
        "actx: cannot read libactx's thread state (%s); is libactx loaded, "
        "with its debug information?" % err
    )


def _bound_type():
    return gdb.lookup_type("struct actx__bound").pointer()


def _innermost_call():
    """The binding (struct actx__bound *) of the innermost bound call of the
    selected thread, or None: the first scope with the CALL flag."""
    t = _thread_state()
    sc = t["cur"]
    while int(sc) != 0:
        if int(sc["flags_"]) & SCOPE_CALL:
            call = sc.cast(gdb.lookup_type("actx_call").pointer())
            return call["bound_"].cast(_bound_type())
        sc = sc["prev_"]
    return None


def _site_text(site):
    if int(site) == 0:
        return "(a binding made without a site)"
    s = site.dereference()
    api = _string(s["api"])
    return "%s:%d in %s: %s registered%s" % (
        _string(s["file"]) or "?",
        int(s["line"]),
        _string(s["function"]) or "?",
        _string(s["callback"]) or "?",
        " with " + api if api else "",
    )


def _chain(h):
    sites = h["sites"]
    lo, hi = sites.type.range()
    chain = [sites[i] for i in range(lo, hi + 1)]
    while chain and int(chain[-1]) == 0:
        chain.pop()
    return chain


class ActxPrefix(gdb.Command):
    """Inspect libactx's asynchronous context: actx bt, actx context, actx bindings."""

    def __init__(self):
        super().__init__("actx", gdb.COMMAND_DATA, gdb.COMPLETE_NONE, True)


class ActxBt(gdb.Command):
    """The selected thread's async backtrace.

The registration site of the running bound callback (#0), then the sites of
the callbacks that were running when each was registered, as file:line in the
user's source, the registering function and the callback."""

    def __init__(self):
        super().__init__("actx bt", gdb.COMMAND_STACK)

    def invoke(self, arg, from_tty):
        h = _innermost_call()
        if h is None:
            gdb.write("actx: no bound callback is running on this thread\n")
            return
        chain = _chain(h)
        if not chain:
            gdb.write("  (no registration site known)\n")
        for i, site in enumerate(chain):
            gdb.write("  #%d %s\n" % (i, _site_text(site)))


def _storages():
    """(slot, storage pointer) of every live storage."""
    owners = _static(SLOT_OWNER)
    words = _static(SLOTS_WORDS)
    used = _static(SLOTS_USED)
    if owners is None or words is None or used is None:
        raise gdb.GdbError("actx: cannot find libactx's storage table")
    out = []
    if int(owners) == 0:
        return out
    words = int(words)
    for w in range(words):
        bits = int(used[w])
        for b in range(64):
            if bits >> b & 1:
                out.append((w * 64 + b, owners[w * 64 + b]))
    return out


def _value_text(p):
    """A store (void *): the pointer, and what it points to when that reads
    as a short string."""
    v = int(p)
    if v == 0:
        return "NULL"
    text = "(void *) %s" % hex(v)
    try:
        raw = bytes(gdb.selected_inferior().read_memory(v, 64))
    except (gdb.error, gdb.MemoryError):
        return text
    end = raw.find(b"\0")
    if end > 0 and all(32 <= c < 127 for c in raw[:end]):
        text += ' "%s"' % raw[:end].decode("ascii")
    return text

class ActxContext(gdb.Command):
    """Each storage's name and value in the selected thread's current frame.

A storage the frame has no entry for shows its default value."""

    def __init__(self):
        super().__init__("actx context", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        t = _thread_state()
        frame = t["frame"]
        n = int(frame["n"]) if int(frame) != 0 else 0
        storages = _storages()
        if not storages:
            gdb.write("actx: no storages\n")
            return
        for slot, s in storages:
            name = _string(s["name"]) or ""
            gen = int(s["gen"])
            if slot < n and int(frame["e"][slot]["gen"]) == gen:
                value = _value_text(frame["e"][slot]["store"])
            else:
                value = _value_text(s["default_value"]) + " (default)"
            gdb.write("  %s = %s\n" % (name or "(unnamed, slot %d)" % slot, value))


def _live_bindings():
    """Every live binding: stub bindings from bind.c's chunks, boxes from
    box.c's census pages."""
    out = []
    ch = _static(CHUNKS)
    while ch is not None and int(ch) != 0:
        b = ch["b"]
        lo, hi = b.type.range()
        for i in range(lo, hi + 1):
            h = b[i]["h"]
            if int(h["state"]) in (ST_LIVE, ST_PENDING):
                out.append(h)
        ch = ch["next"]
    page = _static(CENSUS_PAGES)
    box = gdb.lookup_type("actx_box").pointer() if page is not None else None
    while page is not None and int(page) != 0:
        slots = page["slot"]
        lo, hi = slots.type.range()
        for i in range(lo, hi + 1):
            p = slots[i]
            if int(p) != 0:
                h = p.cast(box).dereference()["h"]
                if int(h["state"]) in (ST_LIVE, ST_PENDING):
                    out.append(h)
        page = page["next"]
    return out


class ActxBindings(gdb.Command):
    """Live bindings grouped by registration site: the leak census.

One line per site (most bindings first): how many are live, their lifetime
and type: every stub binding and every box."""

    def __init__(self):
        super().__init__("actx bindings", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        groups = {}
        for h in _live_bindings():
            site = h["sites"][0]
            life = int(h["life"])
            res = h["res"]
            rtype = _string(res["type"]) if int(res) != 0 else None
            kind = "box" if int(h["kind"]) == KIND_BOX else "stub"
            key = (int(site), life, rtype, kind)
            if key not in groups:
                groups[key] = [0, site]
            groups[key][0] += 1
        if not groups:
            gdb.write("actx: no live bindings\n")
            return
        total = 0
        for (_, life, rtype, kind), (count, site) in sorted(
            groups.items(), key=lambda kv: (-kv[1][0], kv[0][0])
        ):
            total += count
            gdb.write(
                "  %4d  %s  [%s %s, type \"%s\"]\n"
                % (
                    count,
                    _site_text(site),
                    LIFETIMES[life] if life < len(LIFETIMES) else str(life),
                    kind,
                    rtype or "?",
                )
            )
        gdb.write("  %4d  live bindings in all\n" % total)


# Stepping into a bound callback.  A bound pointer is a stub, which jumps
# through a shim (or the generic trampoline) to the typed thunk: code without
# line information, which `step` would step over, callback and all.  So while
# a `step` is in progress (hook-step notes its frame), a breakpoint on each
# shim reached straight from that frame reads the binding (in %r11 / x16 at
# the shim's entry: stubs-*.S) and stops at the start of its target instead.
SHIMS = ["actx__generic_tramp", "actx__shim_tls"] + ["actx__shim_gp%d" % k for k in range(8)]
_step = {"frame": None, "targets": []}


def _step_begin():
    try:
        _step["frame"] = gdb.selected_frame()
    except gdb.error:
        _step["frame"] = None


def _step_end(event):
    """Any stop ends the step; a target breakpoint it did not reach (another
    breakpoint stopped first) must not stop a later run."""
    _step["frame"] = None
    for bp in _step["targets"]:
        if bp.is_valid():
            bp.delete()
    _step["targets"] = []


class _ShimBreakpoint(gdb.Breakpoint):
    def stop(self):
        stepping = _step["frame"]
        if stepping is None:
            return False
        try:
            frame = gdb.newest_frame()
            if frame.older() != stepping:
                return False
            reg = "x16" if "aarch64" in frame.architecture().name() else "r11"
            binding = int(frame.read_register(reg))
            # struct actx__binding: the bound head at ACTX__STUB_BOUND_OFFSET.
            h = gdb.Value(binding + 16).cast(_bound_type())
            target = int(h["fn"])
            block = gdb.block_for_pc(target)
            fn = block.function if block is not None else None
            while block is not None and fn is None:
                block = block.superblock
                fn = block.function if block is not None else None
            if fn is None or fn.symtab is None:
                return False
            spec = "-source %s -function %s" % (fn.symtab.fullname(), fn.name)
            _step["targets"].append(gdb.Breakpoint(spec, internal=True, temporary=True))
        except (gdb.error, RuntimeError):
            pass
        return False


# What `step` should not stop in: the inline enter and leave of bound calls
# and the macros (actx's public headers), and the runtime's internal functions.
SKIPS = [
    "skip -gfile */actx_bind.h",
    "skip -gfile */actx/bind_abi.h",
    "skip -gfile */actx/abi.h",
    "skip -rfunction ^actx__",
]


def _install():
    ActxPrefix()
    ActxBt()
    ActxContext()
    ActxBindings()
    for cmd in SKIPS:
        gdb.execute(cmd, to_string=True)
    gdb.execute("define hook-step\npython gdb._actx_step_begin()\nend", to_string=True)
    gdb.events.stop.connect(_step_end)
    # Addresses move when the library is loaded again (a new run, another
    # core file): read the symbol table afresh then.
    gdb.events.new_objfile.connect(lambda event: _msymbols.clear())
    gdb.events.clear_objfiles.connect(lambda event: _msymbols.clear())
    _place_shim_breakpoints()


def _place_shim_breakpoints():
    for name in SHIMS:
        if _msymbol_address(name) is not None:
            _ShimBreakpoint("-function " + name, internal=True)


gdb._actx_step_begin = _step_begin

# gdb runs an auto-load script each time it loads the library (every `run`):
# define the commands and skips once per gdb session.
if not getattr(gdb, "_actx_loaded", False):
    gdb._actx_loaded = True
    _install()
