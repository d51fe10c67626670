/* stubs-x86_64.S -- binding stubs and the generic trampoline, x86-64 SysV.
 *
 * A bound function pointer is the address of a stub: 16 bytes of code that
 * load the stub's data slot (a pointer to its binding, struct actx__binding)
 * into %r11 and jump to the first word of that binding, its `entry`:
 *
 *     endbr64                      ; 4 bytes: the stub is an indirect-call target
 *     movq  slot(%rip), %r11       ; 7 bytes
 *     jmpq  *(%r11)                ; 3 bytes, then int3 padding to 16
 *
 * `entry` is one of: actx__generic_tramp (any signature), actx__shim_tls (a
 * typed C thunk; hands the binding over through TLS), actx__shim_gpK (a typed
 * thunk taking the binding in integer argument register K), or
 * actx__stub_dead (a released binding: fatal instead of calling a stale
 * function).
 *
 * No page here is ever writable and executable.  Two sets of stubs exist:
 *   - the static pool: ACTX__STATIC_STUBS stubs in .text whose slots are in
 *     .bss (the linker resolves the RIP-relative displacements);
 *   - one template page: a page-aligned page of 256 stubs whose slots live at
 *     the same offset one page further on.  stubs.c maps this page of the
 *     library's own file read+execute, over the first half of a fresh two-page
 *     anonymous read+write mapping, so each copy finds its slots in the page
 *     after it.  The displacements are differences between local labels of
 *     this section, so they are fixed by the assembler (no relocation).
 *
 * Register use: %r11 and %r10 are scratch in the SysV ABI and never carry
 * arguments, so stubs and shims may clobber them freely.
 */
#if defined(__x86_64__) && defined(__ELF__)

#include <cet.h> /* emits the CET property note when built with -fcf-protection */

#define STATIC_STUBS 512 /* keep in sync with ACTX__STATIC_STUBS in stubs.c */
#define STUB_SIZE 16
#define PAGE 4096

/* Offsets in struct actx__gsave (static_asserted in bind.c). */
#define GS_GP 0        /* rdi rsi rdx rcx r8 r9 */
#define GS_RAX 48      /* %al on entry (varargs), %rax on return */
#define GS_RDX 56
#define GS_XMM 64      /* xmm0-7 on entry; xmm0, xmm1 on return */
#define GS_X87 192     /* two 16-byte slots for fstpt */
#define GS_X87N 224    /* how many x87 registers were saved */
#define GS_STACK 232   /* address of the caller's first stack argument */
#define GS_SIZE 240
#define GS_FRAME 256   /* GS_SIZE rounded up to keep %rsp 16-aligned */

/* Bytes of stack arguments the generic path copies (docs/binding.md: a
 * callback whose stack arguments exceed this is not supported). */
#define STACK_COPY 256

        .text

/* ------------------------------------------------------------ static pool */

        .p2align 4
        .globl actx__static_stubs
        .hidden actx__static_stubs
        .type actx__static_stubs, @function
actx__static_stubs:
        .set i, 0
        .rept STATIC_STUBS
        endbr64
        movq actx__static_slots + 8 * i(%rip), %r11
        jmpq *(%r11)
        .balign STUB_SIZE, 0xcc
        .set i, i + 1
        .endr
        .size actx__static_stubs, . - actx__static_stubs

/* ------------------------------------------------------------ template page */

        .p2align 12
        .globl actx__tpl_page
        .hidden actx__tpl_page
        .type actx__tpl_page, @function
actx__tpl_page:
.Ltpl:
        .set i, 0
        .rept PAGE / STUB_SIZE
        endbr64
        movq .Ltpl + PAGE + 8 * i(%rip), %r11
        jmpq *(%r11)
        .balign STUB_SIZE, 0xcc
        .set i, i + 1
        .endr
        .size actx__tpl_page, . - actx__tpl_page

/* ------------------------------------------------------------ entries */

/* A released binding's entry: never call a stale function.  %r11 = binding. */
        .p2align 4
        .globl actx__stub_dead
        .hidden actx__stub_dead
        .type actx__stub_dead, @function
actx__stub_dead:
        .cfi_startproc
        endbr64
        subq $8, %rsp
        .cfi_adjust_cfa_offset 8
        movq %r11, %rdi
        call actx__bind_dead_call /* does not return */
        ud2
        .cfi_endproc
        .size actx__stub_dead, . - actx__stub_dead

/* Typed thunk entry: hands the binding (%r11) to the thunk through the
 * initial-exec TLS word actx__handoff_abi2, then jumps to binding->thunk with every
 * argument register and the stack untouched. */
        .p2align 4
        .globl actx__shim_tls
        .hidden actx__shim_tls
        .type actx__shim_tls, @function
actx__shim_tls:
        endbr64
        movq actx__handoff_abi2@gottpoff(%rip), %r10
        movq %r11, %fs:(%r10)
        jmpq *8(%r11)
        .size actx__shim_tls, . - actx__shim_tls

/* Register-ABI typed thunk entries: the binding goes into the first integer
 * argument register the thunk's signature leaves free (ACTX_THUNK_R). */
        .macro shim_gp n, reg
        .p2align 4
        .globl actx__shim_gp\n
        .hidden actx__shim_gp\n
        .type actx__shim_gp\n, @function
actx__shim_gp\n:
        endbr64
        movq %r11, \reg
        jmpq *8(%r11)
        .size actx__shim_gp\n, . - actx__shim_gp\n
        .endm
        shim_gp 0, %rdi
        shim_gp 1, %rsi
        shim_gp 2, %rdx
        shim_gp 3, %rcx
        shim_gp 4, %r8
        shim_gp 5, %r9

/* Generic entry, any signature.  Saves the argument registers in a struct
 * actx__gsave on its own frame and calls the C function
 * actx__bind_generic(binding, save), which enters the binding's context and
 * calls actx__generic_invoke(save, fn) to make the real call; the C function
 * has a cleanup handler, so unwinding through the callback restores the
 * context.  Afterwards the return registers saved by invoke are reloaded. */
        .p2align 4
        .globl actx__generic_tramp
        .hidden actx__generic_tramp
        .type actx__generic_tramp, @function
actx__generic_tramp:
        .cfi_startproc
        endbr64
        pushq %rbp
        .cfi_adjust_cfa_offset 8
        .cfi_rel_offset %rbp, 0
        movq %rsp, %rbp
        .cfi_def_cfa_register %rbp
        subq $GS_FRAME, %rsp
        movq %rdi, GS_GP + 0(%rsp)
        movq %rsi, GS_GP + 8(%rsp)
        movq %rdx, GS_GP + 16(%rsp)
        movq %rcx, GS_GP + 24(%rsp)
        movq %r8, GS_GP + 32(%rsp)
        movq %r9, GS_GP + 40(%rsp)
        movq %rax, GS_RAX(%rsp)
        movaps %xmm0, GS_XMM + 0(%rsp)
        movaps %xmm1, GS_XMM + 16(%rsp)
        movaps %xmm2, GS_XMM + 32(%rsp)
        movaps %xmm3, GS_XMM + 48(%rsp)
        movaps %xmm4, GS_XMM + 64(%rsp)
        movaps %xmm5, GS_XMM + 80(%rsp)
        movaps %xmm6, GS_XMM + 96(%rsp)
        movaps %xmm7, GS_XMM + 112(%rsp)
        movq $0, GS_X87N(%rsp)
        leaq 16(%rbp), %r10
        movq %r10, GS_STACK(%rsp)
        movq %r11, %rdi
        movq %rsp, %rsi
        call actx__bind_generic
        /* Reload x87 results in reverse order of saving: st1 first. */
        movq GS_X87N(%rsp), %rcx
        cmpq $2, %rcx
        jb 1f
        fldt GS_X87 + 16(%rsp)
1:      testq %rcx, %rcx
        jz 2f
        fldt GS_X87 + 0(%rsp)
2:      movq GS_RAX(%rsp), %rax
        movq GS_RDX(%rsp), %rdx
        movaps GS_XMM + 0(%rsp), %xmm0
        movaps GS_XMM + 16(%rsp), %xmm1
        leave
        .cfi_def_cfa %rsp, 8
        ret
        .cfi_endproc
        .size actx__generic_tramp, . - actx__generic_tramp

/* void actx__generic_invoke(struct actx__gsave *save, actx_fn fn):
 * restores the saved argument registers, copies STACK_COPY bytes of the
 * caller's stack arguments, calls fn, and stores its return registers back
 * into *save, popping any x87 results so C code may run in between. */
        .p2align 4
        .globl actx__generic_invoke
        .hidden actx__generic_invoke
        .type actx__generic_invoke, @function
actx__generic_invoke:
        .cfi_startproc
        pushq %rbp
        .cfi_adjust_cfa_offset 8
        .cfi_rel_offset %rbp, 0
        movq %rsp, %rbp
        .cfi_def_cfa_register %rbp
        pushq %rbx
        .cfi_rel_offset %rbx, -8
        subq $(STACK_COPY + 8), %rsp
        movq %rdi, %rbx
        movq %rsi, %r11
        /* Copy the stack arguments with xmm8-15 (caller-saved, never
         * arguments), two rounds of 128 bytes. */
        movq GS_STACK(%rbx), %r10
        .set j, 0
        .rept 2
        movups j + 0(%r10), %xmm8
        movups j + 16(%r10), %xmm9
        movups j + 32(%r10), %xmm10
        movups j + 48(%r10), %xmm11
        movups j + 64(%r10), %xmm12
        movups j + 80(%r10), %xmm13
        movups j + 96(%r10), %xmm14
        movups j + 112(%r10), %xmm15
        movaps %xmm8, j + 0(%rsp)
        movaps %xmm9, j + 16(%rsp)
        movaps %xmm10, j + 32(%rsp)
        movaps %xmm11, j + 48(%rsp)
        movaps %xmm12, j + 64(%rsp)
        movaps %xmm13, j + 80(%rsp)
        movaps %xmm14, j + 96(%rsp)
        movaps %xmm15, j + 112(%rsp)
        .set j, j + 128
        .endr
        movq GS_GP + 0(%rbx), %rdi
        movq GS_GP + 8(%rbx), %rsi
        movq GS_GP + 16(%rbx), %rdx
        movq GS_GP + 24(%rbx), %rcx
        movq GS_GP + 32(%rbx), %r8
        movq GS_GP + 40(%rbx), %r9
        movq GS_RAX(%rbx), %rax
        movaps GS_XMM + 0(%rbx), %xmm0
        movaps GS_XMM + 16(%rbx), %xmm1
        movaps GS_XMM + 32(%rbx), %xmm2
        movaps GS_XMM + 48(%rbx), %xmm3
        movaps GS_XMM + 64(%rbx), %xmm4
        movaps GS_XMM + 80(%rbx), %xmm5
        movaps GS_XMM + 96(%rbx), %xmm6
        movaps GS_XMM + 112(%rbx), %xmm7
        call *%r11
        movq %rax, GS_RAX(%rbx)
        movq %rdx, GS_RDX(%rbx)
        movaps %xmm0, GS_XMM + 0(%rbx)
        movaps %xmm1, GS_XMM + 16(%rbx)
        /* long double results come back in st0 (and st1 for complex long
         * double); otherwise the x87 stack is empty.  The status word's TOP
         * field (bits 11-13) says how many registers are in use: 0 when
         * empty, 7 after one push, 6 after two.  (fxam on an empty register
         * would also tell, but costs ~155 ns on this project's VM.) */
        fnstsw %ax
        testw $0x3800, %ax
        jz 3f
        fstpt GS_X87 + 0(%rbx)
        movq $1, GS_X87N(%rbx)
        andw $0x3800, %ax
        cmpw $0x3800, %ax       /* TOP 7: one value */
        je 3f
        fstpt GS_X87 + 16(%rbx)
        movq $2, GS_X87N(%rbx)
3:      movq -8(%rbp), %rbx
        leave
        .cfi_def_cfa %rsp, 8
        ret
        .cfi_endproc
        .size actx__generic_invoke, . - actx__generic_invoke

        .section .note.GNU-stack, "", @progbits

#else
#error "stubs-x86_64.S is for x86-64 ELF targets only"
#endif
