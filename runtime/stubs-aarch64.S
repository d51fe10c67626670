/* stubs-aarch64.S -- binding stubs and the generic trampoline, AArch64 (AAPCS64).
 *
 * Same design as stubs-x86_64.S (read that first): a stub loads its slot (the
 * binding) into x16 and branches to the binding's first word, `entry`:
 *
 *   static pool (32 bytes each; the slot may be far away in .bss):
 *     bti c ; adrp x16, slot ; ldr x16, [x16, :lo12:slot] ; ldr x17, [x16] ; br x17
 *   template page (16 bytes each; the slot is one page further on, within
 *   the +-1 MiB reach of a literal load):
 *     bti c ; ldr x16, slot ; ldr x17, [x16] ; br x17
 *
 * x16/x17 (IP0/IP1) and x9-x15 are scratch at a call boundary and never carry
 * arguments.  `br x17` may land on a `bti c` pad (BTI's rule for x16/x17), so
 * every entry and every C thunk compiled with branch protection accepts it.
 *
 * Pages are 4 KiB here; stubs.c uses the template page only when the running
 * kernel's page size is 4 KiB (otherwise: the static pool, then ENOMEM).
 */
#if defined(__aarch64__) && defined(__ELF__)

#define STATIC_STUBS 512  /* keep in sync with ACTX__STATIC_STUBS */
#define STATIC_STUB_SIZE 32
#define PAGE_STUB_SIZE 16
#define PAGE 4096

/* struct actx__gsave on AArch64 (static_asserted in bind.c). */
#define GS_GP 0         /* x0-x8 (x8: indirect result location); x0, x1 out */
#define GS_Q 80         /* q0-q7 in; q0-q3 out */
#define GS_STACK 208    /* address of the caller's first stack argument */
#define GS_FRAME 224

#define STACK_COPY 256

#define BTI_C hint #34

        .text

        .p2align 5
        .globl actx__static_stubs
        .hidden actx__static_stubs
        .type actx__static_stubs, %function
actx__static_stubs:
        .set i, 0
        .rept STATIC_STUBS
        BTI_C
        adrp x16, actx__static_slots + 8 * i
        ldr x16, [x16, #:lo12:actx__static_slots + 8 * i]
        ldr x17, [x16]
        br x17
        .balign STATIC_STUB_SIZE, 0
        .set i, i + 1
        .endr
        .size actx__static_stubs, . - actx__static_stubs

        .p2align 12
        .globl actx__tpl_page
        .hidden actx__tpl_page
        .type actx__tpl_page, %function
actx__tpl_page:
.Ltpl:
        .set i, 0
        .rept PAGE / PAGE_STUB_SIZE
        BTI_C
        ldr x16, .Ltpl + PAGE + 8 * i
        ldr x17, [x16]
        br x17
        .set i, i + 1
        .endr
        .size actx__tpl_page, . - actx__tpl_page

/* A released binding's entry.  x16 = binding. */
        .p2align 4
        .globl actx__stub_dead
        .hidden actx__stub_dead
        .type actx__stub_dead, %function
actx__stub_dead:
        BTI_C
        mov x0, x16
        bl actx__bind_dead_call /* does not return */
        brk #1
        .size actx__stub_dead, . - actx__stub_dead

/* Typed thunk entry, TLS hand-off: actx__handoff_abi2 = binding, then the thunk. */
        .p2align 4
        .globl actx__shim_tls
        .hidden actx__shim_tls
        .type actx__shim_tls, %function
actx__shim_tls:
        BTI_C
        adrp x9, :gottprel:actx__handoff_abi2
        ldr x9, [x9, #:gottprel_lo12:actx__handoff_abi2]
        mrs x10, tpidr_el0
        str x16, [x10, x9]
        ldr x17, [x16, #8]
        br x17
        .size actx__shim_tls, . - actx__shim_tls

/* Register-ABI thunk entries: the binding in integer argument register K. */
        .macro shim_gp n
        .p2align 4
        .globl actx__shim_gp\n
        .hidden actx__shim_gp\n
        .type actx__shim_gp\n, %function
actx__shim_gp\n:
        BTI_C
        mov x\n, x16
        ldr x17, [x16, #8]
        br x17
        .size actx__shim_gp\n, . - actx__shim_gp\n
        .endm
        shim_gp 0
        shim_gp 1
        shim_gp 2
        shim_gp 3
        shim_gp 4
        shim_gp 5
        shim_gp 6
        shim_gp 7

/* Generic entry: saves x0-x8 and q0-q7, calls actx__bind_generic(binding,
 * save) (C, with the cleanup that restores the context on unwinding), then
 * reloads the return registers x0, x1, q0-q3 that invoke stored. */
        .p2align 4
        .globl actx__generic_tramp
        .hidden actx__generic_tramp
        .type actx__generic_tramp, %function
actx__generic_tramp:
        .cfi_startproc
        BTI_C
        stp x29, x30, [sp, #-16]!
        .cfi_def_cfa_offset 16
        .cfi_offset x29, -16
        .cfi_offset x30, -8
        mov x29, sp
        .cfi_def_cfa_register x29
        sub sp, sp, #GS_FRAME
        stp x0, x1, [sp, #GS_GP + 0]
        stp x2, x3, [sp, #GS_GP + 16]
        stp x4, x5, [sp, #GS_GP + 32]
        stp x6, x7, [sp, #GS_GP + 48]
        str x8, [sp, #GS_GP + 64]
        stp q0, q1, [sp, #GS_Q + 0]
        stp q2, q3, [sp, #GS_Q + 32]
        stp q4, q5, [sp, #GS_Q + 64]
        stp q6, q7, [sp, #GS_Q + 96]
        add x9, x29, #16
        str x9, [sp, #GS_STACK]
        mov x0, x16
        mov x1, sp
        bl actx__bind_generic
        ldp x0, x1, [sp, #GS_GP + 0]
        ldp q0, q1, [sp, #GS_Q + 0]
        ldp q2, q3, [sp, #GS_Q + 32]
        mov sp, x29
        ldp x29, x30, [sp], #16
        .cfi_def_cfa sp, 0
        .cfi_restore x29
        .cfi_restore x30
        ret
        .cfi_endproc
        .size actx__generic_tramp, . - actx__generic_tramp

/* void actx__generic_invoke(struct actx__gsave *save, actx_fn fn) */
        .p2align 4
        .globl actx__generic_invoke
        .hidden actx__generic_invoke
        .type actx__generic_invoke, %function
actx__generic_invoke:
        .cfi_startproc
        BTI_C
        stp x29, x30, [sp, #-32]!
        .cfi_def_cfa_offset 32
        .cfi_offset x29, -32
        .cfi_offset x30, -24
        mov x29, sp
        .cfi_def_cfa_register x29
        str x19, [sp, #16]
        .cfi_offset x19, -16
        mov x19, x0
        sub sp, sp, #STACK_COPY
        /* Copy the stack arguments with q16-q31 (never arguments). */
        ldr x9, [x19, #GS_STACK]
        .set j, 0
        .rept STACK_COPY / 32
        ldp q16, q17, [x9, #j]
        stp q16, q17, [sp, #j]
        .set j, j + 32
        .endr
        mov x9, x1
        ldp x0, x1, [x19, #GS_GP + 0]
        ldp x2, x3, [x19, #GS_GP + 16]
        ldp x4, x5, [x19, #GS_GP + 32]
        ldp x6, x7, [x19, #GS_GP + 48]
        ldr x8, [x19, #GS_GP + 64]
        ldp q0, q1, [x19, #GS_Q + 0]
        ldp q2, q3, [x19, #GS_Q + 32]
        ldp q4, q5, [x19, #GS_Q + 64]
        ldp q6, q7, [x19, #GS_Q + 96]
        blr x9
        stp x0, x1, [x19, #GS_GP + 0]
        stp q0, q1, [x19, #GS_Q + 0]
        stp q2, q3, [x19, #GS_Q + 32]
        mov sp, x29
        ldr x19, [sp, #16]
        ldp x29, x30, [sp], #32
        .cfi_def_cfa sp, 0
        .cfi_restore x19
        .cfi_restore x29
        .cfi_restore x30
        ret
        .cfi_endproc
        .size actx__generic_invoke, . - actx__generic_invoke

/* BTI property note, so a BTI-enforcing loader keeps protection on
 * for the library (these stubs all start with a landing pad). */
        .pushsection .note.gnu.property, "a"
        .p2align 3
        .word 4             /* name size */
        .word 16            /* descriptor size */
        .word 5             /* NT_GNU_PROPERTY_TYPE_0 */
        .asciz "GNU"
        .word 0xc0000000    /* GNU_PROPERTY_AARCH64_FEATURE_1_AND */
        .word 4
        .word 1             /* BTI */
        .word 0
        .popsection

        .section .note.GNU-stack, "", %progbits

#else
#error "stubs-aarch64.S is for AArch64 ELF targets only"
#endif
