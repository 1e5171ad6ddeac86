//go:build !purego

#include "textflag.h"

// Flag bits, as rmsprop* in rmsprop_amd64.go.
#define MAXIMIZE 1
#define L2 2
#define CENTERED 4
#define MOMENTUM 8

// func rmspropF32AVX2(p, g, sq, ga, buf []float32, c rmspropConsts[float32], flags uint64)
//
// Registers: DI p, R8 g, R9 sq, R10 ga, R11 buf, SI index, DX end of the
// 8-wide part, CX length, BX flags. Y10..Y15 and Y6 hold the broadcast
// constants, Y0..Y5 the operands of the current 8 elements.
TEXT ·rmspropF32AVX2(SB), NOSPLIT, $0-152
	MOVQ p_base+0(FP), DI
	MOVQ p_len+8(FP), CX
	MOVQ g_base+24(FP), R8
	MOVQ sq_base+48(FP), R9
	MOVQ ga_base+72(FP), R10
	MOVQ buf_base+96(FP), R11
	MOVQ flags+144(FP), BX
	VBROADCASTSS c_alpha+120(FP), Y15
	VBROADCASTSS c_oma+124(FP), Y14
	VBROADCASTSS c_eps+128(FP), Y13
	VBROADCASTSS c_negLR+132(FP), Y12
	VBROADCASTSS c_wd+136(FP), Y11
	VBROADCASTSS c_momentum+140(FP), Y10
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
	VMULPS Y4, Y11, Y3 // wd*p
	VADDPS Y3, Y0, Y0  // g = g + wd*p

nol28:
	VMULPS  (R9)(SI*4), Y15, Y1 // sq*alpha
	VMULPS  Y0, Y14, Y3         // (1-alpha)*g
	VMULPS  Y0, Y3, Y3          // ((1-alpha)*g)*g
	VADDPS  Y3, Y1, Y1          // sq = sq*alpha + ((1-alpha)*g)*g
	VMOVUPS Y1, (R9)(SI*4)
	TESTQ   $CENTERED, BX
	JZ      uncentered8
	VMULPS  (R10)(SI*4), Y15, Y2 // ga*alpha
	VMULPS  Y0, Y14, Y3          // (1-alpha)*g
	VADDPS  Y3, Y2, Y2           // ga = ga*alpha + (1-alpha)*g
	VMOVUPS Y2, (R10)(SI*4)
	VMULPS  Y2, Y2, Y3           // ga*ga
	VSUBPS  Y3, Y1, Y1           // sq - ga*ga

uncentered8:
	VSQRTPS Y1, Y1      // sqrt
	VADDPS  Y13, Y1, Y1 // avg = sqrt(...) + eps
	TESTQ   $MOMENTUM, BX
	JZ      nomom8
	VDIVPS  Y1, Y0, Y3          // g/avg
	VMULPS  (R11)(SI*4), Y10, Y5 // buf*momentum
	VADDPS  Y3, Y5, Y5          // buf = buf*momentum + g/avg
	VMOVUPS Y5, (R11)(SI*4)
	VMULPS  Y5, Y12, Y3         // (-lr)*buf
	VADDPS  Y3, Y4, Y4          // p = p + (-lr)*buf
	JMP     store8

nomom8:
	VMULPS Y0, Y12, Y3 // (-lr)*g
	VDIVPS Y1, Y3, Y3  // ((-lr)*g)/avg
	VADDPS Y3, Y4, Y4  // p = p + ((-lr)*g)/avg

store8:
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
	VMULSS X4, X11, X3
	VADDSS X3, X0, X0

nol21:
	VMOVSS (R9)(SI*4), X1
	VMULSS X1, X15, X1
	VMULSS X0, X14, X3
	VMULSS X0, X3, X3
	VADDSS X3, X1, X1
	VMOVSS X1, (R9)(SI*4)
	TESTQ  $CENTERED, BX
	JZ     uncentered1
	VMOVSS (R10)(SI*4), X2
	VMULSS X2, X15, X2
	VMULSS X0, X14, X3
	VADDSS X3, X2, X2
	VMOVSS X2, (R10)(SI*4)
	VMULSS X2, X2, X3
	VSUBSS X3, X1, X1

uncentered1:
	VSQRTSS X1, X1, X1
	VADDSS  X13, X1, X1
	TESTQ   $MOMENTUM, BX
	JZ      nomom1
	VDIVSS  X1, X0, X3
	VMOVSS  (R11)(SI*4), X5
	VMULSS  X5, X10, X5
	VADDSS  X3, X5, X5
	VMOVSS  X5, (R11)(SI*4)
	VMULSS  X5, X12, X3
	VADDSS  X3, X4, X4
	JMP     store1

nomom1:
	VMULSS X0, X12, X3
	VDIVSS X1, X3, X3
	VADDSS X3, X4, X4

store1:
	VMOVSS X4, (DI)(SI*4)
	INCQ   SI
	CMPQ   SI, CX
	JLT    loop1

done:
	VZEROUPPER
	RET

// func rmspropF64AVX2(p, g, sq, ga, buf []float64, c rmspropConsts[float64], flags uint64)
//
// Registers: DI p, R8 g, R9 sq, R10 ga, R11 buf, SI index, DX end of the
// 4-wide part, CX length, BX flags. Y10..Y15 and Y6 hold the broadcast
// constants, Y0..Y5 the operands of the current 4 elements.
TEXT ·rmspropF64AVX2(SB), NOSPLIT, $0-176
	MOVQ p_base+0(FP), DI
	MOVQ p_len+8(FP), CX
	MOVQ g_base+24(FP), R8
	MOVQ sq_base+48(FP), R9
	MOVQ ga_base+72(FP), R10
	MOVQ buf_base+96(FP), R11
	MOVQ flags+168(FP), BX
	VBROADCASTSD c_alpha+120(FP), Y15
	VBROADCASTSD c_oma+128(FP), Y14
	VBROADCASTSD c_eps+136(FP), Y13
	VBROADCASTSD c_negLR+144(FP), Y12
	VBROADCASTSD c_wd+152(FP), Y11
	VBROADCASTSD c_momentum+160(FP), Y10
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
	VMULPD Y4, Y11, Y3 // wd*p
	VADDPD Y3, Y0, Y0  // g = g + wd*p

nol24:
	VMULPD  (R9)(SI*8), Y15, Y1 // sq*alpha
	VMULPD  Y0, Y14, Y3         // (1-alpha)*g
	VMULPD  Y0, Y3, Y3          // ((1-alpha)*g)*g
	VADDPD  Y3, Y1, Y1          // sq = sq*alpha + ((1-alpha)*g)*g
	VMOVUPD Y1, (R9)(SI*8)
	TESTQ   $CENTERED, BX
	JZ      uncentered4
	VMULPD  (R10)(SI*8), Y15, Y2 // ga*alpha
	VMULPD  Y0, Y14, Y3          // (1-alpha)*g
	VADDPD  Y3, Y2, Y2           // ga = ga*alpha + (1-alpha)*g
	VMOVUPD Y2, (R10)(SI*8)
	VMULPD  Y2, Y2, Y3           // ga*ga
	VSUBPD  Y3, Y1, Y1           // sq - ga*ga

uncentered4:
	VSQRTPD Y1, Y1      // sqrt
	VADDPD  Y13, Y1, Y1 // avg = sqrt(...) + eps
	TESTQ   $MOMENTUM, BX
	JZ      nomom4
	VDIVPD  Y1, Y0, Y3          // g/avg
	VMULPD  (R11)(SI*8), Y10, Y5 // buf*momentum
	VADDPD  Y3, Y5, Y5          // buf = buf*momentum + g/avg
	VMOVUPD Y5, (R11)(SI*8)
	VMULPD  Y5, Y12, Y3         // (-lr)*buf
	VADDPD  Y3, Y4, Y4          // p = p + (-lr)*buf
	JMP     store4

nomom4:
	VMULPD Y0, Y12, Y3 // (-lr)*g
	VDIVPD Y1, Y3, Y3  // ((-lr)*g)/avg
	VADDPD Y3, Y4, Y4  // p = p + ((-lr)*g)/avg

store4:
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
	VMULSD X4, X11, X3
	VADDSD X3, X0, X0

nol21:
	VMOVSD (R9)(SI*8), X1
	VMULSD X1, X15, X1
	VMULSD X0, X14, X3
	VMULSD X0, X3, X3
	VADDSD X3, X1, X1
	VMOVSD X1, (R9)(SI*8)
	TESTQ  $CENTERED, BX
	JZ     uncentered1
	VMOVSD (R10)(SI*8), X2
	VMULSD X2, X15, X2
	VMULSD X0, X14, X3
	VADDSD X3, X2, X2
	VMOVSD X2, (R10)(SI*8)
	VMULSD X2, X2, X3
	VSUBSD X3, X1, X1

uncentered1:
	VSQRTSD X1, X1, X1
	VADDSD  X13, X1, X1
	TESTQ   $MOMENTUM, BX
	JZ      nomom1
	VDIVSD  X1, X0, X3
	VMOVSD  (R11)(SI*8), X5
	VMULSD  X5, X10, X5
	VADDSD  X3, X5, X5
	VMOVSD  X5, (R11)(SI*8)
	VMULSD  X5, X12, X3
	VADDSD  X3, X4, X4
	JMP     store1

nomom1:
	VMULSD X0, X12, X3
	VDIVSD X1, X3, X3
	VADDSD X3, X4, X4

store1:
	VMOVSD X4, (DI)(SI*8)
	INCQ   SI
	CMPQ   SI, CX
	JLT    loop1

done:
	VZEROUPPER
	RET
