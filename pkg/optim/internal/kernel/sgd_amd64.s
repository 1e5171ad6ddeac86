//go:build !purego

#include "textflag.h"

// Flag bits, as sgd* in sgd_amd64.go.
#define MAXIMIZE 1
#define L2 2
#define MOMENTUM 4
#define FIRST 8
#define NESTEROV 16

// func sgdF32AVX2(p, g, buf []float32, c sgdConsts[float32], flags uint64)
//
// Registers: DI p, R8 g, R9 buf, SI index, DX end of the 8-wide part,
// CX length, BX flags. Y12..Y15 and Y6 hold the broadcast constants,
// Y0..Y4 the operands of the current 8 elements.
TEXT ·sgdF32AVX2(SB), NOSPLIT, $0-96
	MOVQ p_base+0(FP), DI
	MOVQ p_len+8(FP), CX
	MOVQ g_base+24(FP), R8
	MOVQ buf_base+48(FP), R9
	MOVQ flags+88(FP), BX
	VBROADCASTSS c_negLR+72(FP), Y15
	VBROADCASTSS c_wd+76(FP), Y14
	VBROADCASTSS c_momentum+80(FP), Y13
	VBROADCASTSS c_omd+84(FP), Y12
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
	VMULPS Y4, Y14, Y3 // wd*p
	VADDPS Y3, Y0, Y0  // g = g + wd*p

nol28:
	TESTQ   $MOMENTUM, BX
	JZ      step8
	VMOVUPS Y0, Y1     // buf = g on the first step
	TESTQ   $FIRST, BX
	JNZ     stbuf8
	VMULPS  (R9)(SI*4), Y13, Y1 // buf*momentum
	VMULPS  Y0, Y12, Y3         // (1-dampening)*g
	VADDPS  Y3, Y1, Y1          // buf = buf*momentum + (1-dampening)*g

stbuf8:
	VMOVUPS Y1, (R9)(SI*4)
	TESTQ   $NESTEROV, BX
	JZ      plain8
	VMULPS  Y1, Y13, Y3 // momentum*buf
	VADDPS  Y3, Y0, Y0  // d = g + momentum*buf
	JMP     step8

plain8:
	VMOVUPS Y1, Y0 // d = buf

step8:
	VMULPS  Y0, Y15, Y3 // (-lr)*d
	VADDPS  Y3, Y4, Y4  // p = p + (-lr)*d
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
	VMULSS X4, X14, X3
	VADDSS X3, X0, X0

nol21:
	TESTQ   $MOMENTUM, BX
	JZ      step1
	VMOVUPS X0, X1
	TESTQ   $FIRST, BX
	JNZ     stbuf1
	VMOVSS  (R9)(SI*4), X1
	VMULSS  X1, X13, X1
	VMULSS  X0, X12, X3
	VADDSS  X3, X1, X1

stbuf1:
	VMOVSS X1, (R9)(SI*4)
	TESTQ  $NESTEROV, BX
	JZ     plain1
	VMULSS X1, X13, X3
	VADDSS X3, X0, X0
	JMP    step1

plain1:
	VMOVUPS X1, X0

step1:
	VMULSS X0, X15, X3
	VADDSS X3, X4, X4
	VMOVSS X4, (DI)(SI*4)
	INCQ   SI
	CMPQ   SI, CX
	JLT    loop1

done:
	VZEROUPPER
	RET

// func sgdF64AVX2(p, g, buf []float64, c sgdConsts[float64], flags uint64)
//
// Registers: DI p, R8 g, R9 buf, SI index, DX end of the 4-wide part,
// CX length, BX flags. Y12..Y15 and Y6 hold the broadcast constants,
// Y0..Y4 the operands of the current 4 elements.
TEXT ·sgdF64AVX2(SB), NOSPLIT, $0-112
	MOVQ p_base+0(FP), DI
	MOVQ p_len+8(FP), CX
	MOVQ g_base+24(FP), R8
	MOVQ buf_base+48(FP), R9
	MOVQ flags+104(FP), BX
	VBROADCASTSD c_negLR+72(FP), Y15
	VBROADCASTSD c_wd+80(FP), Y14
	VBROADCASTSD c_momentum+88(FP), Y13
	VBROADCASTSD c_omd+96(FP), Y12
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
	VMULPD Y4, Y14, Y3 // wd*p
	VADDPD Y3, Y0, Y0  // g = g + wd*p

nol24:
	TESTQ   $MOMENTUM, BX
	JZ      step4
	VMOVUPD Y0, Y1     // buf = g on the first step
	TESTQ   $FIRST, BX
	JNZ     stbuf4
	VMULPD  (R9)(SI*8), Y13, Y1 // buf*momentum
	VMULPD  Y0, Y12, Y3         // (1-dampening)*g
	VADDPD  Y3, Y1, Y1          // buf = buf*momentum + (1-dampening)*g

stbuf4:
	VMOVUPD Y1, (R9)(SI*8)
	TESTQ   $NESTEROV, BX
	JZ      plain4
	VMULPD  Y1, Y13, Y3 // momentum*buf
	VADDPD  Y3, Y0, Y0  // d = g + momentum*buf
	JMP     step4

plain4:
	VMOVUPD Y1, Y0 // d = buf

step4:
	VMULPD  Y0, Y15, Y3 // (-lr)*d
	VADDPD  Y3, Y4, Y4  // p = p + (-lr)*d
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
	VMULSD X4, X14, X3
	VADDSD X3, X0, X0

nol21:
	TESTQ   $MOMENTUM, BX
	JZ      step1
	VMOVUPD X0, X1
	TESTQ   $FIRST, BX
	JNZ     stbuf1
	VMOVSD  (R9)(SI*8), X1
	VMULSD  X1, X13, X1
	VMULSD  X0, X12, X3
	VADDSD  X3, X1, X1

stbuf1:
	VMOVSD X1, (R9)(SI*8)
	TESTQ  $NESTEROV, BX
	JZ     plain1
	VMULSD X1, X13, X3
	VADDSD X3, X0, X0
	JMP    step1

plain1:
	VMOVUPD X1, X0

step1:
	VMULSD X0, X15, X3
	VADDSD X3, X4, X4
	VMOVSD X4, (DI)(SI*8)
	INCQ   SI
	CMPQ   SI, CX
	JLT    loop1

done:
	VZEROUPPER
	RET
