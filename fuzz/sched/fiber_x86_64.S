/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The x86-64 fiber switch: save the callee-saved registers of the SysV ABI
 * on the current stack, store the stack pointer, load the other one, pop
 * its registers and return into it. Nothing else is state across a call.
 *
 * void tlbf_fiber_swap(void **save_sp, void *load_sp);
 *
 * A new fiber's stack is laid out by fiber.c so that the first swap into
 * it "returns" to tlbf_fiber_boot with r12 = argument, r13 = function.
 */
#if defined(__x86_64__) && !defined(TLBF_FIBER_UCONTEXT)
	.text
	.globl	tlbf_fiber_swap
	.type	tlbf_fiber_swap, @function
	.p2align 4
tlbf_fiber_swap:
	.cfi_startproc
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, (%rdi)
	movq	%rsi, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret
	.cfi_endproc
	.size	tlbf_fiber_swap, .-tlbf_fiber_swap

	.globl	tlbf_fiber_boot
	.type	tlbf_fiber_boot, @function
	.p2align 4
tlbf_fiber_boot:
	.cfi_startproc
	.cfi_undefined rip
	movq	%r12, %rdi
	callq	*%r13
	ud2
	.cfi_endproc
	.size	tlbf_fiber_boot, .-tlbf_fiber_boot
#endif
	.section .note.GNU-stack, "", @progbits
