/* asm.S -- an assembler source: actx-cc passes its compile through. */
#define VALUE 7
        .text
        .globl asm_value
asm_value:
        .long VALUE
