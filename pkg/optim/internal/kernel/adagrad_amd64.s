//go:build !purego

#include "textflag.h"

// Flag bits, as adagrad* in adagrad_amd64.go.
#define MAXIMIZE 1
#define L2 2

// func adagradF32AVX2(p, g, sum []float32, c adagradConsts[float32], flags uint64)
//
// Registers: DI p, R8 g, R9 sum, SI index, DX end of the 8-wide part,
// CX length, BX flags. Y13..Y15 and Y6 hold the broadcast constants,
// Y0..Y4 the operands of the current 8 elements.
TEXT ·adagradF32AVX2(SB), NOSPLIT, $0-96
	MOVQ p_base+0(FP), DI
	MOVQ p_len+8(FP), CX
	MOVQ g_base+24(FP), R8
	MOVQ sum_base+48(FP), R9
	MOVQ flags+88(FP), BX
	VBROADCASTSS c_negCLR+72(FP), Y15
	VBROADCASTSS c_eps+76(FP), Y14
	VBROADCASTSS c_wd+80(FP), Y13
	MOVL $0x80000000, AX
	MOVQ AX, X6
	VPBROADCASTD X6, Y6
	XORQ SI, SI
	MOVQ CX, DX
	ANDQ $-8, DX
	JZ   tail

loop8:
	VMOVUPS (R8)(SI*4), Y0 // g
	VMOVUPS (DI)(SI*4), Y4 // p
	TESTQ   $MAXIMIZE, BX
	JZ      nomax8
	VXORPS  Y6, Y0, Y0     // g = -g

nomax8:
	TESTQ  $L2, BX
	JZ     nol28
	VMULPS Y4, Y13, Y3 // wd*p
	VADDPS Y3, Y0, Y0  // g = g + wd*p

nol28:
	VMULPS  Y0, Y0, Y1         // g*g
	VADDPS  (R9)(SI*4), Y1, Y1 // sum = sum + g*g
	VMOVUPS Y1, (R9)(SI*4)
	VSQRTPS Y1, Y1             // sqrt(sum)
	VADDPS  Y14, Y1, Y1        // std = sqrt(sum) + eps
	VMULPS  Y0, Y15, Y3        // (-clr)*g
	VDIVPS  Y1, Y3, Y3         // ((-clr)*g)/std
	VADDPS  Y3, Y4, Y4         // p = p + ((-clr)*g)/std
	VMOVUPS Y4, (DI)(SI*4)
	ADDQ    $8, SI
	CMPQ    SI, DX
	JLT     loop8

tail:
	CMPQ SI, CX
	JGE  done

loop1:
	VMOVSS (R8)(SI*4), X0
	VMOVSS (DI)(SI*4), X4
	TESTQ  $MAXIMIZE, BX
	JZ     nomax1
	VXORPS X6, X0, X0

nomax1:
	TESTQ  $L2, BX
	JZ     nol21
	VMULSS X4, X13, X3
	VADDSS X3, X0, X0

nol21:
	VMULSS  X0, X0, X1
	VADDSS  (R9)(SI*4), X1, X1
	VMOVSS  X1, (R9)(SI*4)
	VSQRTSS X1, X1, X1
	VADDSS  X14, X1, X1
	VMULSS  X0, X15, X3
	VDIVSS  X1, X3, X3
	VADDSS  X3, X4, X4
	VMOVSS  X4, (DI)(SI*4)
	INCQ    SI
	CMPQ    SI, CX
	JLT     loop1

done:
	VZEROUPPER
	RET

// func adagradF64AVX2(p, g, sum []float64, c adagradConsts[float64], flags uint64)
//
// Registers: DI p, R8 g, R9 sum, SI index, DX end of the 4-wide part,
// CX length, BX flags. Y13..Y15 and Y6 hold the broadcast constants,
// Y0..Y4 the operands of the current 4 elements.
TEXT ·adagradF64AVX2(SB), NOSPLIT, $0-104
	MOVQ p_base+0(FP), DI
	MOVQ p_len+8(FP), CX
	MOVQ g_base+24(FP), R8
	MOVQ sum_base+48(FP), R9
	MOVQ flags+96(FP), BX
	VBROADCASTSD c_negCLR+72(FP), Y15
	VBROADCASTSD c_eps+80(FP), Y14
	VBROADCASTSD c_wd+88(FP), Y13
	MOVQ $0x8000000000000000, AX
	MOVQ AX, X6
	VPBROADCASTQ X6, Y6
	XORQ SI, SI
	MOVQ CX, DX
	ANDQ $-4, DX
	JZ   tail

loop4:
	VMOVUPD (R8)(SI*8), Y0 // g
	VMOVUPD (DI)(SI*8), Y4 // p
	TESTQ   $MAXIMIZE, BX
	JZ      nomax4
	VXORPD  Y6, Y0, Y0     // g = -g

nomax4:
	TESTQ  $L2, BX
	JZ     nol24
	VMULPD Y4, Y13, Y3 // wd*p
	VADDPD Y3, Y0, Y0  // g = g + wd*p

nol24:
	VMULPD  Y0, Y0, Y1         // g*g
	VADDPD  (R9)(SI*8), Y1, Y1 // sum = sum + g*g
	VMOVUPD Y1, (R9)(SI*8)
	VSQRTPD Y1, Y1             // sqrt(sum)
	VADDPD  Y14, Y1, Y1        // std = sqrt(sum) + eps
	VMULPD  Y0, Y15, Y3        // (-clr)*g
	VDIVPD  Y1, Y3, Y3         // ((-clr)*g)/std
	VADDPD  Y3, Y4, Y4         // p = p + ((-clr)*g)/std
	VMOVUPD Y4, (DI)(SI*8)
	ADDQ    $4, SI
	CMPQ    SI, DX
	JLT     loop4

tail:
	CMPQ SI, CX
	JGE  done

loop1:
	VMOVSD (R8)(SI*8), X0
	VMOVSD (DI)(SI*8), X4
	TESTQ  $MAXIMIZE, BX
	JZ     nomax1
	VXORPD X6, X0, X0

nomax1:
	TESTQ  $L2, BX
	JZ     nol21
	VMULSD X4, X13, X3
	VADDSD X3, X0, X0

nol21:
	VMULSD  X0, X0, X1
	VADDSD  (R9)(SI*8), X1, X1
	VMOVSD  X1, (R9)(SI*8)
	VSQRTSD X1, X1, X1
	VADDSD  X14, X1, X1
	VMULSD  X0, X15, X3
	VDIVSD  X1, X3, X3
	VADDSD  X3, X4, X4
	VMOVSD  X4, (DI)(SI*8)
	INCQ    SI
	CMPQ    SI, CX
	JLT     loop1

done:
	VZEROUPPER
	RET
