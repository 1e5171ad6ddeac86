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
