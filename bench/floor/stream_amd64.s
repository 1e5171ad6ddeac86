//go:build !purego

#include "textflag.h"

// func streamAVX2(p, g, m, v []float32)
TEXT ·streamAVX2(SB), NOSPLIT, $0-96
	MOVQ p_base+0(FP), DI
	MOVQ p_len+8(FP), CX
	MOVQ g_base+24(FP), R8
	MOVQ m_base+48(FP), R9
	MOVQ v_base+72(FP), R10
	XORQ SI, SI
	MOVQ CX, DX
	ANDQ $-8, DX
	JZ   tail

loop8:
	VMOVUPS (R8)(SI*4), Y0
	VADDPS  (DI)(SI*4), Y0, Y1
	VADDPS  (R9)(SI*4), Y0, Y2
	VADDPS  (R10)(SI*4), Y0, Y3
	VMOVUPS Y1, (DI)(SI*4)
	VMOVUPS Y2, (R9)(SI*4)
	VMOVUPS Y3, (R10)(SI*4)
	ADDQ    $8, SI
	CMPQ    SI, DX
	JLT     loop8

tail:
	CMPQ SI, CX
	JGE  done

loop1:
	VMOVSS (R8)(SI*4), X0
	VADDSS (DI)(SI*4), X0, X1
	VADDSS (R9)(SI*4), X0, X2
	VADDSS (R10)(SI*4), X0, X3
	VMOVSS X1, (DI)(SI*4)
	VMOVSS X2, (R9)(SI*4)
	VMOVSS X3, (R10)(SI*4)
	INCQ   SI
	CMPQ   SI, CX
	JLT    loop1

done:
	VZEROUPPER
	RET

// func readAVX2(x []float32) uint32
//
// Registers: DI x, CX its length, DX the length of a quarter (a multiple of
// 16), R9..R11 the second to fourth quarters, SI index; Y0 the OR so far.
TEXT ·readAVX2(SB), NOSPLIT, $0-28
	MOVQ  x_base+0(FP), DI
	MOVQ  x_len+8(FP), CX
	VPXOR Y0, Y0, Y0
	XORQ  SI, SI
	MOVQ  CX, DX
	SHRQ  $2, DX
	ANDQ  $-16, DX
	JZ    rest
	LEAQ  (DI)(DX*4), R9
	LEAQ  (R9)(DX*4), R10
	LEAQ  (R10)(DX*4), R11

quarters:
	VPOR (DI)(SI*4), Y0, Y0
	VPOR 32(DI)(SI*4), Y0, Y0
	VPOR (R9)(SI*4), Y0, Y0
	VPOR 32(R9)(SI*4), Y0, Y0
	VPOR (R10)(SI*4), Y0, Y0
	VPOR 32(R10)(SI*4), Y0, Y0
	VPOR (R11)(SI*4), Y0, Y0
	VPOR 32(R11)(SI*4), Y0, Y0
	ADDQ $16, SI
	CMPQ SI, DX
	JLT  quarters
	SHLQ $2, SI

rest:
	XORQ AX, AX
	CMPQ SI, CX
	JGE  fold

loop1:
	ORL  (DI)(SI*4), AX
	INCQ SI
	CMPQ SI, CX
	JLT  loop1

fold:
	VEXTRACTI128 $1, Y0, X1
	VPOR         X1, X0, X0
	VPSHUFD      $0x4e, X0, X1
	VPOR         X1, X0, X0
	VPSHUFD      $0xb1, X0, X1
	VPOR         X1, X0, X0
	MOVL         X0, BX
	ORL          BX, AX
	MOVL         AX, ret+24(FP)
	VZEROUPPER
	RET
