//go:build !purego

#include "textflag.h"

// Flag bits, as adadelta* in adadelta_amd64.go.
#define MAXIMIZE 1
#define L2 2

// func adadeltaF32AVX2(p, g, sq, acc []float32, c adadeltaConsts[float32], flags uint64)
//
// Registers: DI p, R8 g, R9 sq, R10 acc, SI index, DX end of the 8-wide
// part, CX length, BX flags. Y11..Y15 and Y6 hold the broadcast constants,
// Y0..Y5 the operands of the current 8 elements.
TEXT ·adadeltaF32AVX2(SB), NOSPLIT, $0-128
	MOVQ         p_base+0(FP), DI
	MOVQ         p_len+8(FP), CX
	MOVQ         g_base+24(FP), R8
	MOVQ         sq_base+48(FP), R9
	MOVQ         acc_base+72(FP), R10
	MOVQ         flags+120(FP), BX
	VBROADCASTSS c_negLR+96(FP), Y15
	VBROADCASTSS c_rho+100(FP), Y14
	VBROADCASTSS c_omr+104(FP), Y13
	VBROADCASTSS c_eps+108(FP), Y12
	VBROADCASTSS c_wd+112(FP), Y11
	MOVL         $0x80000000, AX
	MOVQ         AX, X6
	VPBROADCASTD X6, Y6
	XORQ         SI, SI
	MOVQ         CX, DX
	ANDQ         $-8, DX
	JZ           tail

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
	VMULPS  (R9)(SI*4), Y14, Y1 // sq*rho
	VMULPS  Y0, Y13, Y3         // (1-rho)*g
	VMULPS  Y0, Y3, Y3          // ((1-rho)*g)*g
	VADDPS  Y3, Y1, Y1          // sq = sq*rho + ((1-rho)*g)*g
	VMOVUPS Y1, (R9)(SI*4)
	VADDPS  Y12, Y1, Y1         // sq + eps
	VSQRTPS Y1, Y1              // std = sqrt(sq + eps)
	VMOVUPS (R10)(SI*4), Y2     // acc
	VADDPS  Y12, Y2, Y3         // acc + eps
	VSQRTPS Y3, Y3              // sqrt(acc + eps)
	VDIVPS  Y1, Y3, Y3          // sqrt(acc + eps)/std
	VMULPS  Y0, Y3, Y3          // delta = (sqrt(acc + eps)/std)*g
	VMULPS  Y14, Y2, Y2         // acc*rho
	VMULPS  Y3, Y13, Y5         // (1-rho)*delta
	VMULPS  Y3, Y5, Y5          // ((1-rho)*delta)*delta
	VADDPS  Y5, Y2, Y2          // acc = acc*rho + ((1-rho)*delta)*delta
	VMOVUPS Y2, (R10)(SI*4)
	VMULPS  Y3, Y15, Y5         // (-lr)*delta
	VADDPS  Y5, Y4, Y4          // p = p + (-lr)*delta
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
	VMOVSS  (R9)(SI*4), X1
	VMULSS  X1, X14, X1
	VMULSS  X0, X13, X3
	VMULSS  X0, X3, X3
	VADDSS  X3, X1, X1
	VMOVSS  X1, (R9)(SI*4)
	VADDSS  X12, X1, X1
	VSQRTSS X1, X1, X1
	VMOVSS  (R10)(SI*4), X2
	VADDSS  X12, X2, X3
	VSQRTSS X3, X3, X3
	VDIVSS  X1, X3, X3
	VMULSS  X0, X3, X3
	VMULSS  X14, X2, X2
	VMULSS  X3, X13, X5
	VMULSS  X3, X5, X5
	VADDSS  X5, X2, X2
	VMOVSS  X2, (R10)(SI*4)
	VMULSS  X3, X15, X5
	VADDSS  X5, X4, X4
	VMOVSS  X4, (DI)(SI*4)
	INCQ    SI
	CMPQ    SI, CX
	JLT     loop1

done:
	VZEROUPPER
	RET

// func adadeltaF64AVX2(p, g, sq, acc []float64, c adadeltaConsts[float64], flags uint64)
//
// Registers: DI p, R8 g, R9 sq, R10 acc, SI index, DX end of the 4-wide
// part, CX length, BX flags. Y11..Y15 and Y6 hold the broadcast constants,
// Y0..Y5 the operands of the current 4 elements.
TEXT ·adadeltaF64AVX2(SB), NOSPLIT, $0-144
	MOVQ         p_base+0(FP), DI
	MOVQ         p_len+8(FP), CX
	MOVQ         g_base+24(FP), R8
	MOVQ         sq_base+48(FP), R9
	MOVQ         acc_base+72(FP), R10
	MOVQ         flags+136(FP), BX
	VBROADCASTSD c_negLR+96(FP), Y15
	VBROADCASTSD c_rho+104(FP), Y14
	VBROADCASTSD c_omr+112(FP), Y13
	VBROADCASTSD c_eps+120(FP), Y12
	VBROADCASTSD c_wd+128(FP), Y11
	MOVQ         $0x8000000000000000, AX
	MOVQ         AX, X6
	VPBROADCASTQ X6, Y6
	XORQ         SI, SI
	MOVQ         CX, DX
	ANDQ         $-8, DX
	JZ           tail

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
	VMULPD  (R9)(SI*8), Y14, Y1 // sq*rho
	VMULPD  Y0, Y13, Y3         // (1-rho)*g
	VMULPD  Y0, Y3, Y3          // ((1-rho)*g)*g
	VADDPD  Y3, Y1, Y1          // sq = sq*rho + ((1-rho)*g)*g
	VMOVUPD Y1, (R9)(SI*8)
	VADDPD  Y12, Y1, Y1         // sq + eps
	VSQRTPD Y1, Y1              // std = sqrt(sq + eps)
	VMOVUPD (R10)(SI*8), Y2     // acc
	VADDPD  Y12, Y2, Y3         // acc + eps
	VSQRTPD Y3, Y3              // sqrt(acc + eps)
	VDIVPD  Y1, Y3, Y3          // sqrt(acc + eps)/std
	VMULPD  Y0, Y3, Y3          // delta = (sqrt(acc + eps)/std)*g
	VMULPD  Y14, Y2, Y2         // acc*rho
	VMULPD  Y3, Y13, Y5         // (1-rho)*delta
	VMULPD  Y3, Y5, Y5          // ((1-rho)*delta)*delta
	VADDPD  Y5, Y2, Y2          // acc = acc*rho + ((1-rho)*delta)*delta
	VMOVUPD Y2, (R10)(SI*8)
	VMULPD  Y3, Y15, Y5         // (-lr)*delta
	VADDPD  Y5, Y4, Y4          // p = p + (-lr)*delta
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
	VMOVSD  (R9)(SI*8), X1
	VMULSD  X1, X14, X1
	VMULSD  X0, X13, X3
	VMULSD  X0, X3, X3
	VADDSD  X3, X1, X1
	VMOVSD  X1, (R9)(SI*8)
	VADDSD  X12, X1, X1
	VSQRTSD X1, X1, X1
	VMOVSD  (R10)(SI*8), X2
	VADDSD  X12, X2, X3
	VSQRTSD X3, X3, X3
	VDIVSD  X1, X3, X3
	VMULSD  X0, X3, X3
	VMULSD  X14, X2, X2
	VMULSD  X3, X13, X5
	VMULSD  X3, X5, X5
	VADDSD  X5, X2, X2
	VMOVSD  X2, (R10)(SI*8)
	VMULSD  X3, X15, X5
	VADDSD  X5, X4, X4
	VMOVSD  X4, (DI)(SI*8)
	INCQ    SI
	CMPQ    SI, CX
	JLT     loop1

done:
	VZEROUPPER
	RET
